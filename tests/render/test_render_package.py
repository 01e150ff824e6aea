"""The built-in templates ship with the package: pyproject.toml lists every package, since
templates/ (at the top of the repository) is installed as sektorplan.templates."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    source = ROOT / "src"
    found = {
        ".".join(p.parent.relative_to(source).parts)
        for p in source.rglob("sektorplan/**/__init__.py")
    }
    assert found | {"sektorplan.templates"} == listed


def test_the_templates_are_package_data() -> None:
    from sektorplan.templates import PATH

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert config["setuptools"]["package-dir"]["sektorplan.templates"] == "templates"
    for name in ("plan.md.j2", "plan.html.j2", "sektorplan.docx"):
        assert (PATH / name).is_file()
