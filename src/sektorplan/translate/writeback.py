"""Writing translations into the YAML files: only the translated values change.

ruamel.yaml parses each file and tells where every value starts and ends; the new text is
spliced in there, and everything else (comments, key order, quoting, indentation, line
endings) stays byte for byte as it was. A round-trip dump would not do: it re-indents
lists and re-spaces flow mappings. Each result is parsed again and must hold exactly the
old data plus the new translations before it is written (atomically).

- A text that is a mapping already gets the language as one more key (or its value
  replaced): `titel: {da: X, en: Y}` → `titel: {da: X, en: Y, kl: Z}`, and in block style
  a new line `kl: Z` under the others.
- A text that is one line becomes a flow mapping on the same line: `titel: X` →
  `titel: {da: X, kl: Z}` (a trailing comment stays where it was).
- A text over several lines (a `>-` block) becomes a block mapping with the original text,
  indented two more spaces, under `da:` and the translation under `kl:`.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sektorplan.errors import SektorplanError
from sektorplan.translate.texts import KeyPath


class WriteError(SektorplanError):
    """A value could not be written without changing something else (a bug, or a file that
    changed while it was being read)."""


@dataclass(frozen=True)
class Change:
    keys: KeyPath
    language: str
    text: str


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


def with_translations(source: str, primary: str, changes: list[Change]) -> str:
    """`source` (a YAML file's text) with every change made; nothing else differs."""
    root = YAML(typ="rt").compose(source)
    newline = "\r\n" if "\r\n" in source else "\n"
    edits = [_edit(source, root, primary, change, newline) for change in changes]
    edits.sort(key=lambda e: e.start)
    for before, after in itertools.pairwise(edits):
        if after.start < before.end:
            raise WriteError("to ændringer rammer den samme tekst")
    out = source
    for edit in reversed(edits):
        out = out[: edit.start] + edit.text + out[edit.end :]
    _check(source, out, primary, changes)
    return out


def locate(root: Node, keys: KeyPath) -> tuple[MappingNode, ScalarNode, Node]:
    """The mapping holding the text, its key node and its value node."""
    node = root
    parent: MappingNode | None = None
    key_node: ScalarNode | None = None
    for key in keys:
        if isinstance(key, int):
            if not isinstance(node, SequenceNode) or key >= len(node.value):
                raise WriteError(f"{key} findes ikke")
            node = node.value[key]
            continue
        if not isinstance(node, MappingNode):
            raise WriteError(f"{key} findes ikke")
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                parent, key_node, node = node, k, v
                break
        else:
            raise WriteError(f"{key} findes ikke")
    assert parent is not None and key_node is not None
    return parent, key_node, node


def _edit(source: str, root: Node, primary: str, change: Change, newline: str) -> _Edit:
    parent, key_node, value = locate(root, change.keys)
    language = change.language
    if isinstance(value, MappingNode):
        for k, v in value.value:
            if isinstance(k, ScalarNode) and k.value == language:
                flow = bool(value.flow_style)
                span = source[v.start_mark.index : v.end_mark.index]
                text = scalar(change.text, flow=flow)
                if span.endswith("\n"):  # a block scalar's span takes its line end
                    text += newline
                return _Edit(v.start_mark.index, v.end_mark.index, text)
        last_key, last = value.value[-1]
        if value.flow_style:
            entry = f", {language}: {scalar(change.text, flow=True)}"
            return _Edit(last.end_mark.index, last.end_mark.index, entry)
        indent = " " * last_key.start_mark.column
        entry = f"{indent}{language}: {scalar(change.text, flow=False)}"
        at = last.end_mark.index
        if source[at - 1 : at] == "\n":  # after a block scalar's last line
            return _Edit(at, at, entry + newline)
        end = _line_end(source, at)
        return _Edit(end, end, newline + entry)
    if not isinstance(value, ScalarNode):
        raise WriteError("teksten er hverken en tekst eller en sprog-tekst-liste")
    start, end = value.start_mark.index, value.end_mark.index
    span = source[start:end]
    multiline = "\n" in span.rstrip("\n") or value.style in ("|", ">")
    if parent.flow_style or not multiline:
        original = span if _flow_safe(span, value) else scalar(value.value, flow=True)
        text = f"{{{primary}: {original}, {language}: {scalar(change.text, flow=True)}}}"
        return _Edit(start, end, text)
    # Several lines: a block mapping under the key, the original two spaces further in.
    indent = " " * (key_node.start_mark.column + 2)
    body = span.rstrip("\r\n")
    lines = body.split("\n")
    shifted = [lines[0], *(("  " + line) if line.strip() else line for line in lines[1:])]
    ending = newline if span.endswith("\n") else ""
    text = (
        f"{newline}{indent}{primary}: "
        + "\n".join(shifted)
        + newline
        + f"{indent}{language}: {scalar(change.text, flow=False)}"
        + ending
    )
    # The key's line ends with "key:" and a space before the value: keep no trailing space.
    while start > 0 and source[start - 1] == " ":
        start -= 1
    return _Edit(start, end, text)


def _line_end(source: str, at: int) -> int:
    end = source.find("\n", at)
    if end < 0:
        return len(source)
    return end - 1 if source[end - 1 : end] == "\r" else end


def _flow_safe(span: str, node: ScalarNode) -> bool:
    """The original scalar can stand as it is inside {…}: it reads as the same string."""
    if "\n" in span:
        return False
    try:
        return yaml.safe_load(f"{{x: {span}}}") == {"x": node.value}
    except yaml.YAMLError:
        return False


def scalar(text: str, *, flow: bool) -> str:
    """`text` as a YAML scalar: plain where it reads back as the same string, else in
    double quotes (with \\n for a line break)."""
    if text and "\n" not in text and text == text.strip() and text[0] not in "'\"":
        document = f"{{x: {text}}}" if flow else f"x: {text}"
        try:
            if yaml.safe_load(document) == {"x": text}:
                return text
        except yaml.YAMLError:
            pass
    quoted = json.dumps(text, ensure_ascii=False)
    # Line and paragraph separators and NEL are line breaks in YAML: written as escapes.
    for char in ("\u2028", "\u2029", "\x85"):
        quoted = quoted.replace(char, f"\\u{ord(char):04x}")
    return quoted


def _check(before: str, after: str, primary: str, changes: list[Change]) -> None:
    """The new text must hold the old data with exactly these translations added."""
    expected: Any = yaml.safe_load(before)
    for change in changes:
        owner = expected
        for key in change.keys[:-1]:
            owner = owner[key]
        last = change.keys[-1]
        value = owner[last]
        if not isinstance(value, dict):
            value = {primary: value}
        owner[last] = {**value, change.language: change.text}
    if yaml.safe_load(after) != expected:
        raise WriteError("resultatet ville ændre andet end oversættelserne")
