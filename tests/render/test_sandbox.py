"""Every template runs sandboxed and bounded: a workspace's template (from a pull request) can
neither run code nor use unbounded memory or time; it gets a Danish message naming the
template and the line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from jinja2 import Environment
from jinja2.exceptions import SecurityError

from sektorplan.render import sandbox
from sektorplan.render.jinjacache import bytecode_cache
from sektorplan.render.sandbox import LimitError, Sandbox

from .test_template_errors import failed, word_template_with

ESCAPE_CYCLER = "{{ cycler.__init__.__globals__.os.popen('touch owned').read() }}"
ESCAPE_SUBCLASSES = "{{ ''.__class__.__mro__[1].__subclasses__() }}"


@pytest.mark.parametrize(("kind", "name"), [("md", "plan.md.j2"), ("html", "plan.html.j2")])
@pytest.mark.parametrize("code", [ESCAPE_CYCLER, ESCAPE_SUBCLASSES])
def test_a_text_template_cannot_run_code(
    example_copy: Path, kind: str, name: str, code: str
) -> None:
    (example_copy / "skabeloner" / name).write_text(f"# Plan\n\n{code}\n", "utf-8")
    message = failed(["render", "planer/bs.yaml", "-f", kind], example_copy)
    assert f"skabeloner/{name}:3: skabelonen bruger «__" in message
    assert "som skabeloner ikke har adgang til" in message
    assert not (example_copy / "owned").exists()


@pytest.mark.parametrize("code", [ESCAPE_CYCLER, ESCAPE_SUBCLASSES])
def test_a_word_template_cannot_run_code(example_copy: Path, code: str) -> None:
    template = example_copy / "skabeloner" / "sektorplan.docx"
    word_template_with(template, "{{ plan.department.name }}", code.replace("'", "&apos;"))
    message = failed(["render", "planer/bs.yaml", "-f", "docx"], example_copy)
    assert "skabeloner/sektorplan.docx: Word-skabelonen bruger «__" in message
    assert "Nær: «" in message
    assert not (example_copy / "owned").exists()
    assert not (example_copy / "build" / "bs.docx").exists()


def test_a_word_picture_cannot_be_taken_apart(example_copy: Path, tmp_path: Path) -> None:
    """docxtpl's picture knows its template, whose save() writes any file."""
    template = example_copy / "skabeloner" / "sektorplan.docx"
    target = tmp_path / "written.docx"
    word_template_with(
        template,
        "{{ plan.department.name }}",
        f"{{{{ timeline_image.tpl.save(&apos;{target}&apos;) }}}}",
    )
    message = failed(["render", "planer/bs.yaml", "-f", "docx"], example_copy)
    assert "«tpl» på en værdi af typen InlineImage" in message
    assert not target.exists()


@pytest.mark.parametrize(
    "code",
    [
        "{{ 'a' * 10**10 }}",
        "{{ 10**10 * 'a' }}",
        "{{ range(10**9) | list }}",
        "{{ 'a' | center(10**10) }}",
        "{{ 'a'.ljust(10**10) }}",
        "{{ 7 ** (10**9) }}",
        "{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}",
        "{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}",
    ],
)
def test_a_template_that_makes_too_much_stops_fast(example_copy: Path, code: str) -> None:
    (example_copy / "skabeloner" / "plan.md.j2").write_text(f"# Plan\n{code}\n", "utf-8")
    start = time.monotonic()
    message = failed(["render", "planer/bs.yaml", "-f", "md"], example_copy)
    assert time.monotonic() - start < 10
    assert "skabeloner/plan.md.j2:2: skabelonen" in message
    assert "Ret skabelonen." in message
    assert not (example_copy / "build" / "bs.md").exists()


def test_loops_that_write_nothing_are_bounded_too(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "MAX_LOOP_STEPS", 50_000)
    code = "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}"
    (example_copy / "skabeloner" / "plan.md.j2").write_text(f"# Plan\n\n{code}\n", "utf-8")
    message = failed(["render", "planer/bs.yaml", "-f", "md"], example_copy)
    assert "skabelonen er stoppet: skabelonens løkker gennemløbes mere end 50.000 gange" in message


def test_the_output_of_a_render_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_OUTPUT_CHARS", 1000)
    template = Sandbox().from_string("{% for i in range(200) %}{{ 'abcdefghij' }}{% endfor %}")
    with pytest.raises(LimitError, match=r"skriver mere end 1\.000 tegn"):
        template.render()
    with pytest.raises(LimitError):
        "".join(template.generate())


def test_the_budget_is_per_render(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_LOOP_STEPS", 100)
    template = Sandbox().from_string("{% for i in range(60) %}.{% endfor %}")
    for _ in range(5):
        assert template.render() == "." * 60


def test_the_sandbox_keeps_what_templates_need() -> None:
    env = Sandbox()
    template = env.from_string(
        "{% set ns = namespace(n=0) %}{% for g in goals %}{% set ns.n = ns.n + 1 %}"
        "{{ loop.index }}{{ g.title | upper }}{% endfor %}{{ ns.n }}{{ ', '.join(['a', 'b']) }}"
        "{{ '%s!' % 'x' }}{{ '{}?'.format('y') }}{{ 2 * 'ab' }}"
    )
    assert template.render(goals=[{"title": "a"}, {"title": "b"}]) == "1A2B2a, bx!y?abab"


def test_the_context_cannot_be_changed() -> None:
    with pytest.raises(SecurityError):
        Sandbox().from_string("{{ items.append(1) }}").render(items=[])


def test_sandboxed_code_is_cached_apart_from_unsandboxed() -> None:
    cache = bytecode_cache()
    if cache is None:
        pytest.skip("no cache folder")
    source = "{{ 1 * 'a' }}"
    plain = cache.get_bucket(Environment(), "t", None, source)
    sandboxed = cache.get_bucket(Sandbox(), "t", None, source)
    assert plain.key != sandboxed.key
