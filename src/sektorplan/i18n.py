"""The fixed texts of a document ("Vision", "Indikator", "I alt" …) in da, en and kl.

The catalogues are YAML files in `labels/`, one per language, with the same keys. Danish is
complete and is the fallback: an empty value in another catalogue (every value in kl.yaml
until a translator fills it) uses the Danish text. Nothing here is ever machine-translated.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any

import yaml

from sektorplan.model.plan import LANGUAGES

FALLBACK = "da"


# The catalogues, all in labels/: the plans' documents' and the overview's (labels/oversigt).
PLAN = ("labels",)
OVERVIEW = ("labels", "oversigt")
SITE = ("labels", "site")


@cache
def _catalogue(language: str, folder: tuple[str, ...] = PLAN) -> dict[str, Any]:
    text = resources.files("sektorplan").joinpath(*folder, f"{language}.yaml")
    return yaml.safe_load(text.read_text(encoding="utf-8")) or {}


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = merge(base[key], value)
        elif value not in (None, "") and key in base:
            merged[key] = value
    return merged


class Fallback(str):
    """A text shown in `lang` (the primary or fallback language) because it lacks the
    document's language: marked in HTML and Word (render/fallback.py)."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Fallback:
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # pickled to the build's workers as itself
        return (Fallback, (str(self), self.lang))


# Not texts: never marked as fallen back.
_NOT_TEXTS = {"locale"}


def _filled(base: dict[str, Any], translated: dict[str, Any]) -> dict[str, Any]:
    """`base` (Danish) with the translated texts; a Danish one that stands in is a Fallback."""
    out: dict[str, Any] = {}
    for key, value in base.items():
        mine = translated.get(key)
        if isinstance(value, dict):
            out[key] = _filled(value, mine if isinstance(mine, dict) else {})
        elif isinstance(mine, str) and mine:
            out[key] = mine
        elif isinstance(value, str) and value and key not in _NOT_TEXTS:
            out[key] = Fallback(value, FALLBACK)
        else:
            out[key] = value
    return out


@cache
def _labels(language: str, folder: tuple[str, ...]) -> dict[str, Any]:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    base = _catalogue(FALLBACK, folder)
    return base if language == FALLBACK else _filled(base, _catalogue(language, folder))


# A workspace's own fixed texts (tekster/<sprog>.yaml) while its documents are rendered.
_workspace: dict[str, dict[str, Any]] = {}
WORKSPACE_OVERVIEW_KEY = "oversigt"  # the overview's labels in tekster/<sprog>.yaml


@contextmanager
def workspace_texts(texts: dict[str, dict[str, Any]]) -> Iterator[None]:
    """While rendering a workspace's documents: its tekster/<sprog>.yaml (language → texts)
    over the built-in labels, key by key. Its Danish texts are also the fallback of the
    other languages' empty labels."""
    global _workspace
    previous = _workspace
    _workspace = texts
    try:
        yield
    finally:
        _workspace = previous


def _own(language: str, folder: tuple[str, ...]) -> dict[str, Any]:
    texts = _workspace.get(language) or {}
    if folder == OVERVIEW:
        texts = texts.get(WORKSPACE_OVERVIEW_KEY) or {}
    return texts if isinstance(texts, dict) else {}


def labels(language: str, folder: tuple[str, ...] = PLAN) -> dict[str, Any]:
    """The labels for `language` (a plan's document's, or with `folder` OVERVIEW the
    overview's), Danish where the catalogue has no text; the workspace's own texts
    (`workspace_texts`) over them. A fresh copy, so a caller may add to it."""
    if not _workspace:
        return _deep_copy(_labels(language, folder))
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    merged = merge(_catalogue(FALLBACK, folder), _own(FALLBACK, folder))
    if language != FALLBACK:
        translated = merge(_catalogue(language, folder), _own(language, folder))
        merged = _filled(merged, translated)
    return _deep_copy(merged)


def _deep_copy(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _deep_copy(v) if isinstance(v, dict) else v for k, v in data.items()}


def catalogue_keys(language: str, folder: tuple[str, ...] = PLAN) -> set[str]:
    """Every key path ("statuses.udkast") in one catalogue file, to check they match."""
    return set(_paths(_catalogue(language, folder)))


def _paths(data: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        out += _paths(value, f"{path}.") if isinstance(value, dict) else [path]
    return out
