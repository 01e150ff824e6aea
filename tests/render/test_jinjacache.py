"""Compiled templates kept between runs (render/jinjacache.py): used when they fit the
template's text, never in the way when the folder is missing, unwritable or damaged."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from sektorplan.render import jinjacache


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(jinjacache, "folder", lambda: tmp_path / "cache" / "sektorplan" / "jinja")
    jinjacache.bytecode_cache.cache_clear()
    yield tmp_path / "cache" / "sektorplan" / "jinja"
    jinjacache.bytecode_cache.cache_clear()


def _env(templates: dict[str, str]) -> Environment:
    return Environment(loader=DictLoader(templates), bytecode_cache=jinjacache.bytecode_cache())


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(Environment, "compile", refuse)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG on Linux")
def test_the_folder_follows_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert jinjacache.folder() == tmp_path / "sektorplan" / "jinja"


def test_a_template_is_compiled_once_and_its_code_used_by_the_next_run(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = {"a.j2": "Hej {{ navn }}!"}
    assert _env(templates).get_template("a.j2").render(navn="Nuuk") == "Hej Nuuk!"
    assert list(cache_home.glob("__jinja2_*.cache"))
    _no_compiling(monkeypatch)
    assert _env(templates).get_template("a.j2").render(navn="Nuuk") == "Hej Nuuk!"


def test_a_changed_template_is_compiled_again(cache_home: Path) -> None:
    assert _env({"a.j2": "før {{ x }}"}).get_template("a.j2").render(x=1) == "før 1"
    assert _env({"a.j2": "efter {{ x }}"}).get_template("a.j2").render(x=1) == "efter 1"


def test_a_damaged_cache_file_is_compiled_anew(cache_home: Path) -> None:
    _env({"a.j2": "{{ x }}"}).get_template("a.j2")
    for path in cache_home.glob("__jinja2_*.cache"):
        path.write_bytes(b"not a cache file")
    assert _env({"a.j2": "{{ x }}!"}).get_template("a.j2").render(x=2) == "2!"
    # Jinja's mark and the right checksum, then code that cannot be read
    import pickle

    from jinja2.bccache import bc_magic

    checksum = jinjacache.bytecode_cache().get_source_checksum("{{ x }}!")
    for path in cache_home.glob("__jinja2_*.cache"):
        path.write_bytes(bc_magic + pickle.dumps(checksum, 2) + b"\xff\x00")
    assert _env({"a.j2": "{{ x }}!"}).get_template("a.j2").render(x=3) == "3!"
    for path in cache_home.glob("__jinja2_*.cache"):
        path.write_bytes(bc_magic + b"\xff\x00")  # Jinja's mark, then no checksum
    assert _env({"a.j2": "{{ x }}!"}).get_template("a.j2").render(x=5) == "5!"


def test_no_cache_when_its_folder_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "en-fil"
    blocker.write_text("", "utf-8")
    monkeypatch.setattr(jinjacache, "folder", lambda: blocker / "jinja")
    jinjacache.bytecode_cache.cache_clear()
    try:
        assert jinjacache.bytecode_cache() is None
        assert _env({"a.j2": "{{ x }}"}).get_template("a.j2").render(x=4) == "4"
    finally:
        jinjacache.bytecode_cache.cache_clear()


def test_a_template_from_a_string_is_kept_under_its_key(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a Word template's XML is: compiled once, then read from the cache."""
    env = _env({})
    source = "<w:t>{{ titel }}</w:t>"
    code = jinjacache.compiled(env, "word-test", source)
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    assert template.render(titel="Plan") == "<w:t>Plan</w:t>"
    _no_compiling(monkeypatch)
    again = _env({})
    code = jinjacache.compiled(again, "word-test", source)
    assert (
        again.template_class.from_code(again, code, again.make_globals(None), None).render(
            titel="Plan"
        )
        == "<w:t>Plan</w:t>"
    )
