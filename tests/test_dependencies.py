"""pyproject.toml's dependencies: each has a lower bound, pinned in constraints/min-versions.txt
(CI's second run installs those), and each library whose internals sektorplan uses (the
fence, internals/) has an upper cap."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
# The libraries whose internals sektorplan reaches into (internals/__init__.py lists them).
CAPPED = {"matplotlib", "python-docx", "docxtpl", "typer", "jinja2"}


# The optional extras that sektorplan itself imports (the others are tools for the tests).
PINNED_EXTRAS = ("svg",)


def _dependencies() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in PINNED_EXTRAS:
        lines += project["optional-dependencies"][extra]
    requirements = [Requirement(line) for line in lines]
    return {r.name.lower(): r for r in requirements}


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints" / "min-versions.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.strip().lower()] = Version(version.strip())
    return pins


def test_every_dependency_is_pinned_at_its_lower_bound() -> None:
    dependencies, pins = _dependencies(), _pins()
    assert pins.keys() == dependencies.keys()
    for name, requirement in dependencies.items():
        lower = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        assert len(lower) == 1, f"{name}: one lower bound (>=)"
        assert pins[name] == lower[0], f"{name}: constraints pin {pins[name]}, lower bound {lower}"
        assert requirement.specifier.contains(pins[name])


def test_the_libraries_whose_internals_we_use_are_capped() -> None:
    dependencies = _dependencies()
    for name in CAPPED:
        assert any(s.operator == "<" for s in dependencies[name].specifier), name


def test_the_fence_names_each_capped_library() -> None:
    from sektorplan import internals as fast

    text = (fast.__doc__ or "").lower()
    for name in CAPPED:
        assert name in text, name
