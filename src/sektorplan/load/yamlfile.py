"""Load YAML files into plain Python data, keeping where every value was written.

PyYAML's composer (its C version where present) builds the node tree; we turn nodes into
values ourselves so that we can see what a loader hides: duplicate keys, aliases, and the
raw text of a scalar (`17.10`, which a loader reads as 17.1). Instead of the node tree, a
compact record of every value's line and column is kept for the findings that point at it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sektorplan.findings import Finding, cut, format_path, readable_place
from sektorplan.model import money
from sektorplan.paths import TooLarge, os_error_text, read_limited

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser where present
_IMPLICIT = yaml.SafeLoader.yaml_implicit_resolvers
_SEQ = "tag:yaml.org,2002:seq"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"


class Composer(_Base):  # type: ignore[misc,valid-type]
    """The safe loader with a faster tag resolver: the composer calls `resolve` for every
    scalar, and most of ours are plain Danish text that no implicit type can match. Same
    results as PyYAML's resolver for the safe schema (no path resolvers, no wildcards)."""

    nodes = 0

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # Called for every node the composer makes (by libyaml too): where the work on a
        # file is bounded, before a hostile file's node tree costs seconds and gigabytes.
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooManyNodes
        if kind is ScalarNode:
            return implicit_tag(value) if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


def implicit_tag(value: str) -> str:
    """The tag YAML gives a plain (unquoted, untagged) scalar written as `value`."""
    tag = _KNOWN_TAGS.get(value)
    if tag is not None:
        return tag
    tag = _STR
    for implicit, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            tag = implicit
            break
    # Keys, years and numbers recur in every plan, and each is asked for twice (by the
    # composer, and when its value is built): short ones are kept, in a bounded table.
    if len(value) <= _KNOWN_LENGTH:
        if len(_KNOWN_TAGS) >= _KNOWN_MAX:
            _KNOWN_TAGS.clear()
        _KNOWN_TAGS[value] = tag
    return tag


_KNOWN_TAGS: dict[str, str] = {}
_KNOWN_LENGTH = 40
_KNOWN_MAX = 50_000


MAX_BYTES = 5 * 1024 * 1024
# How many values (keys, texts, numbers, lists and mappings) a file may hold. A plan has a few
# hundred; composing is about 20 µs a value, so the bound keeps any file to about a second.
MAX_NODES = 50_000


class TooManyNodes(yaml.YAMLError):
    """A file with more than MAX_NODES values: composing it stops there."""


# How deep values may nest. A plan needs about eight levels; far deeper nesting is a mistake
# (or a hostile file) and would exhaust Python's recursion limit while building the values.
MAX_DEPTH = 100
_MAX_DIGITS = 1000  # an integer written with more characters than this is refused
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
# What an escape in a double-quoted scalar ("\a", "\uFFFF") can produce that no document can
# hold: control characters, surrogates and the non-characters U+FFFE and U+FFFF.
_ESCAPED_BAD = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
_CONSTRUCTOR = SafeConstructor()
_CONSTRUCTORS = SafeConstructor.yaml_constructors

Loc = tuple[str | int, ...]
# A key, its colon and nothing but a comment after it.
_EMPTY_THEN_COMMENT = re.compile(r"[^:#]*:\s+(#)")
# One space, then #: a comment set apart by two or more spaces (aligned, as in the spec's
# examples) is meant as a comment; `Nye skoler #1 prioritet` is most likely text.
# A dot and exactly three digits (1.500, 12.000): a thousands separator to a Dane. A number
# beginning 0. is a decimal (0.125) to anyone.
_THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}\.[0-9]{3}")
# The keys under which an amount or a measured value is written.
_NUMBER_KEYS = {"værdi", "målværdier", "målinger", "anlæg", "drift", "anlægsramme"}
# The indentation and key of a line `  - id: x` or `    titel: y` (group 1 ends where the key
# begins).
_KEY_START = re.compile(r"(\s*(?:- +)*)([^\s:#][^:#]*?):(?:\s|$)")
_COMMENT_AFTER = re.compile(r" #(.*)")


# Where a value was written, kept compactly instead of PyYAML's node tree (a node and its two
# marks cost ten times as much memory): (line, column, inner), 0-based. `inner` is, for a
# mapping, {key: (key line, key column, value position)}; for a sequence, a list of positions;
# for a scalar written unquoted with a non-text type (17.10, 2024, ja), its text as written.
Position = tuple[int, int, Any]


@dataclass
class Document:
    """One YAML file: its data, where each value was written, and what loading it found."""

    path: Path
    shown: str
    text: str = ""
    data: Any = None
    root: Position | None = None
    findings: list[Finding] = field(default_factory=list)
    # Unquoted texts followed by a comment on the same line (`titel: Nye skoler #1`): the
    # comment is most likely part of the text. (loc, line, column of #, the comment)
    comments_after_text: list[tuple[Loc, int, int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.root is not None and not self.findings

    def finding(self, rule: str, message: str, loc: Loc = (), *, key: bool = False) -> Finding:
        """A finding at `loc`; with `key`, at the key rather than its value."""
        line, column = self.position(loc, key=key)
        return Finding(
            rule,
            message,
            self.path,
            line,
            column,
            format_path(loc, self.data),
            readable_place(loc, self.data),
        )

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the deepest value along `loc` that exists."""
        pos = self.root
        if pos is None:
            return 1, 1
        for i, part in enumerate(loc):
            inner = pos[2]
            if isinstance(inner, dict) and part in inner:
                key_line, key_column, value = inner[part]
                if key and i == len(loc) - 1:
                    return key_line + 1, key_column + 1
                pos = value
            elif isinstance(inner, list) and isinstance(part, int) and 0 <= part < len(inner):
                pos = inner[part]
            else:
                break
        return pos[0] + 1, pos[1] + 1

    def comment_after(self, loc: Loc) -> tuple[int, int] | None:
        """Where the comment starts (line, column of #) when it is all that follows the key
        of `loc` (`primær: #1F4E79` is a key with no value and a comment), else None."""
        line, column = self.position(loc, key=True)
        lines = self.text.split("\n", line)
        text = lines[line - 1][column - 1 :] if line <= len(lines) else ""
        match = _EMPTY_THEN_COMMENT.match(text)
        return (line, column + match.start(1)) if match else None

    def raw_scalar(self, loc: Loc) -> str | None:
        """The text as written, for an unquoted number, date or the like at `loc`."""
        pos = self.root
        for part in loc:
            inner = pos[2] if pos else None
            if isinstance(inner, dict) and part in inner:
                pos = inner[part][2]
            elif isinstance(inner, list) and isinstance(part, int) and 0 <= part < len(inner):
                pos = inner[part]
            else:
                return None
        return pos[2] if pos and isinstance(pos[2], str) else None


def ids_in(data: Any) -> Iterator[str]:
    """Every `id` string anywhere in loaded data, also in a file that failed the schema."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield data["id"]
        for value in data.values():
            yield from ids_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from ids_in(value)


def load_file(path: Path, shown: str | None = None, *, inside: Path | None = None) -> Document:
    """Read and load `path`; every problem becomes a finding on the document. With `inside`
    (the workspace), a file whose real path is outside it is not read (`read_limited`)."""
    doc = Document(path, shown or str(path))
    try:
        raw = read_limited(path, MAX_BYTES, inside=inside)
    except TooLarge as exc:
        doc.findings.append(_too_large(exc.size, path))
        return doc
    except OSError as exc:
        doc.findings.append(Finding("SP009", f"Filen kan ikke læses ({os_error_text(exc)}).", path))
        return doc
    return load_bytes(raw, doc)


def _too_large(size: int, path: Path) -> Finding:
    return Finding(
        "SP003",
        f"Filen fylder {money.number(size)} byte; grænsen er 5 MiB "
        f"({money.number(MAX_BYTES)} byte). Del planen op, eller fjern indhold, der ikke "
        "hører til.",
        path,
    )


def load_bytes(raw: bytes, doc: Document) -> Document:
    path = doc.path
    if len(raw) > MAX_BYTES:
        doc.findings.append(_too_large(len(raw), path))
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        doc.findings.append(
            Finding(
                "SP001",
                f"Filen er ikke gemt som UTF-8 (byte 0x{raw[exc.start]:02X}). "
                "Gem den igen som UTF-8 i din editor.",
                path,
                line,
                column,
            )
        )
        return doc
    text = _report_control_characters(text, doc)
    if not text.strip():
        doc.findings.append(Finding("SP002", "Filen er tom. Skriv planen i den.", path))
        return doc
    try:
        root = yaml.compose(text, Loader=Composer)
    except TooManyNodes:
        doc.findings.append(_too_many_nodes(path))
        return doc
    except yaml.MarkedYAMLError as exc:
        doc.findings.append(_syntax_finding(exc, path, text))
        doc.text = text  # kept: the ids it may define (see workspace.UncheckedIds)
        return doc
    except yaml.YAMLError as exc:  # a reader error without a mark
        doc.findings.append(Finding("SP004", f"YAML kan ikke læses: {exc}.", path))
        doc.text = text
        return doc
    if root is None:
        doc.findings.append(
            Finding("SP002", "Filen indeholder kun kommentarer. Skriv planen i den.", path)
        )
        return doc
    doc.text = text
    builder = _Builder(doc, text)
    doc.data, doc.root = builder.build(root)
    builder.placed()
    return doc


def _too_many_nodes(path: Path) -> Finding:
    return Finding(
        "SP003",
        f"Filen har mere end {money.number(MAX_NODES)} værdier (nøgler, tekster, tal og "
        "lister); en plan har nogle hundrede. Del filen op, eller fjern indhold, der ikke hører "
        "til.",
        path,
    )


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


def _report_control_characters(text: str, doc: Document) -> str:
    text, findings = blank_control_characters(text, doc.path)
    doc.findings += findings
    return text


def blank_control_characters(text: str, path: Path) -> tuple[str, list[Finding]]:
    """Name every control character (the first 20) in a file's text, and blank them out so
    the rest of the file is still read. The same rule for plans and measurement files: a
    control character (an escape sequence) never reaches the terminal from a message."""
    if not _CONTROL.search(text):
        return text, []
    findings = []
    for match in list(_CONTROL.finditer(text))[:20]:
        before = text[: match.start()]
        line = before.count("\n") + 1
        column = match.start() - (before.rfind("\n") + 1) + 1
        findings.append(
            Finding(
                "SP007",
                f"Kontroltegnet U+{ord(match.group()):04X} er ikke tilladt. "
                "Slet det (det kommer ofte med, når tekst kopieres fra andre programmer).",
                path,
                line,
                column,
            )
        )
    return _CONTROL.sub(" ", text), findings


# libyaml's and PyYAML's problems, in words a planner can act on.
_SYNTAX_HINTS = [
    (
        "mapping values are not allowed",
        "et kolon står, hvor det ikke må stå. Sæt teksten i "
        "anførselstegn, hvis den selv indeholder ': ', eller ret indrykningen",
    ),
    (
        "could not find expected ':'",
        "der mangler et kolon efter en nøgle, eller en tekst over flere linjer er ikke rykket ind",
    ),
    ("did not find expected key", "indrykningen passer ikke: en nøgle står forkert rykket ind"),
    (
        "did not find expected '-' indicator",
        "indrykningen passer ikke: et listepunkt (-) står forkert rykket ind",
    ),
    (
        "cannot start any token",
        "et tegn kan ikke stå først i en værdi (fx en tabulator til "
        "indrykning, @ eller `). Brug mellemrum til indrykning, og sæt teksten i anførselstegn",
    ),
    (
        "found unexpected end of stream",
        "filen slutter midt i en værdi; mangler der et afsluttende anførselstegn?",
    ),
    (
        "found undefined alias",
        "et alias (*navn) bruges; planer bruger ikke aliaser. Skriv værdien ud",
    ),
    (
        "expected a single document",
        "filen indeholder flere YAML-dokumenter (---). Skriv én plan pr. fil",
    ),
    (
        "but found another document",
        "filen indeholder flere YAML-dokumenter (---). Skriv én plan pr. fil",
    ),
    (
        "did not find expected ',' or ']'",
        "en liste i [ ] er ikke lukket korrekt; mangler der et komma eller et ]?",
    ),
    (
        "did not find expected ',' or '}'",
        "en mapping i { } er ikke lukket korrekt; mangler der et komma eller et }?",
    ),
    (
        "found unknown escape character",
        "en ukendt escape-sekvens (\\) i en tekst i dobbelte "
        "anførselstegn. Skriv \\\\ for en omvendt skråstreg, eller brug enkelte anførselstegn",
    ),
    (
        "found character that cannot start any token",
        "et tegn kan ikke stå først i en værdi. Sæt teksten i anførselstegn",
    ),
    (
        "did not find expected node content",
        "en værdi mangler eller begynder med et tegn, "
        "der ikke må stå først. Sæt teksten i anførselstegn",
    ),
    (
        "did not find expected <document start>",
        "der står tekst, hvor YAML venter en ny nøgle. "
        "Ret indrykningen, eller sæt teksten i anførselstegn",
    ),
    ("expected <block end>", "indrykningen passer ikke med linjerne ovenfor"),
]


def _syntax_finding(exc: yaml.MarkedYAMLError, path: Path, text: str) -> Finding:
    anchored = _anchor_syntax_error(exc, path, text)
    if anchored:
        return anchored
    problem = " ".join(filter(None, [exc.context, exc.problem]))
    rule = "SP006" if "undefined alias" in problem else "SP004"
    located = _located_syntax_error(exc, text)
    if located:
        line, column, message = located
        return Finding(rule, f"YAML-syntaksfejl: {message}", path, line, column)
    mark = exc.problem_mark or exc.context_mark
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in problem), None)
    if hint:
        message = f"YAML-syntaksfejl: {hint}" + ("" if hint.endswith("?") else ".")
    else:
        message = f"YAML-syntaksfejl ({problem}). Ret linjen."
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Finding(rule, message, path, line, column)


_ANCHOR_OR_ALIAS = re.compile(r"[&*][^\s,\[\]{}]*")


def _anchor_syntax_error(exc: yaml.MarkedYAMLError, path: Path, text: str) -> Finding | None:
    """An anchor (&navn) or alias (*navn) YAML cannot read (libyaml takes only ASCII letters
    and digits: `&fælles`), or an alias without its anchor: named as written."""
    context, problem = exc.context or "", exc.problem or ""
    if "anchor" in context or "alias" in context:
        mark = exc.context_mark or exc.problem_mark
    elif "undefined alias" in problem:
        mark = exc.problem_mark or exc.context_mark
    else:
        return None
    if mark is None:
        return None
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    match = _ANCHOR_OR_ALIAS.match(line[mark.column :])
    written = match.group() if match else ""
    if not written[1:]:
        return None
    name = cut(written[1:], 40)
    if "undefined alias" in problem:
        message = (
            f"aliaset «*{name}» henviser til et anker (&{name}), der ikke findes, og planer "
            "bruger ikke aliaser. Skriv værdien ud her."
        )
    else:
        what = "ankeret" if written[0] == "&" else "aliaset"
        message = (
            f"{what} «{written[0]}{name}» kan ikke læses, og planer bruger ikke ankre (&navn) "
            f"og aliaser (*navn). Slet «&{name}» og hvert «*{name}», og skriv værdien ud, "
            "hvor den skal stå."
        )
    return Finding("SP006", f"YAML-syntaksfejl: {message}", path, mark.line + 1, mark.column + 1)


def _located_syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """The line the planner must fix, and what to do there, for the syntax errors whose
    mark libyaml puts elsewhere or whose words say too little. None for the others."""
    lines = text.split("\n")
    context, problem = exc.context or "", exc.problem or ""
    cm, pm = exc.context_mark, exc.problem_mark
    if "tab character" in problem or ("cannot start any token" in problem and _tab_at(lines, pm)):
        return (
            pm.line + 1,
            pm.column + 1,
            "linjen er rykket ind med en tabulator. YAML tillader kun mellemrum til "
            "indrykning: slet tabulatoren, og ryk ind med mellemrum.",
        )
    if "could not find expected ':'" in problem and "simple key" in context and cm:
        # libyaml notices the missing colon only where the next key begins, lines later
        word = lines[cm.line][cm.column :].split()[0] if cm.line < len(lines) else ""
        return (
            cm.line + 1,
            cm.column + 1,
            f"der mangler et kolon efter «{word}». Skriv «{word}:», eller ryk linjen ind, "
            "hvis den fortsætter teksten i linjen ovenfor.",
        )
    if "quoted scalar" in context and "end of stream" in problem and cm:
        return (
            cm.line + 1,
            cm.column + 1,
            "anførselstegnet her lukkes aldrig. Sæt det samme anførselstegn efter teksten.",
        )
    if pm and ("expected key" in problem or "expected ','" in problem):
        after_quote = _after_quote(text, lines, pm)
        if after_quote:
            return after_quote
        if "expected ','" in problem and cm and cm.line < pm.line:
            bracket, closing = ("{ }", "}") if "'}'" in problem else ("[ ]", "]")
            return (
                cm.line + 1,
                cm.column + 1,
                f"{bracket[0]} her lukkes ikke på samme linje. Skriv {closing} efter den "
                "sidste værdi, og sæt komma mellem værdierne.",
            )
    if pm and (
        "expected key" in problem or "'-' indicator" in problem or "mapping values" in problem
    ):
        return _indentation(lines, pm)
    return None


def _indentation(lines: list[str], mark: Any) -> tuple[int, int, str] | None:
    """A line indented differently from the key on the line above it, named with both."""
    line = lines[mark.line] if mark.line < len(lines) else ""
    indent = len(line) - len(line.lstrip(" "))
    above = next(
        (n for n in range(mark.line - 1, -1, -1) if lines[n].strip() and not _comment(lines[n])),
        None,
    )
    if above is None or not line.strip():
        return None
    if re.match(r"-[^\s-]", line.lstrip()):
        return (
            mark.line + 1,
            indent + 1,
            "der mangler et mellemrum efter «-». Et listepunkt skrives «- » med et mellemrum.",
        )
    match = _KEY_START.match(lines[above])
    if not match:
        return None
    above_key, above_column = match.group(2), match.end(1)
    if above_column == indent or line.lstrip().startswith("- "):
        return None
    key = line.strip().split(":")[0]
    return (
        mark.line + 1,
        indent + 1,
        f"«{key}» står {indent} tegn inde, men «{above_key}» i linje {above + 1} står "
        f"{above_column} tegn inde. Nøgler i samme mapping skal stå lige langt inde: ret "
        "indrykningen i den ene af linjerne.",
    )


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _tab_at(lines: list[str], mark: Any) -> bool:
    return mark is not None and lines[mark.line][mark.column : mark.column + 1] == "\t"


def _after_quote(text: str, lines: list[str], mark: Any) -> tuple[int, int, str] | None:
    """`titel: "Bygdeskoler" – renovering`: text after the closing quote, or a quote that
    runs on over several lines to the next quote in the file."""
    last = None
    try:
        for event in yaml.parse(text, Loader=Composer):
            last = event
    except yaml.YAMLError:
        pass
    if not isinstance(last, yaml.ScalarEvent) or last.style not in ('"', "'"):
        return None
    start, end = last.start_mark, last.end_mark
    between = lines[end.line][end.column : mark.column] if end.line == mark.line else "x"
    if between.strip():
        return None
    if start.line != end.line:
        return (
            start.line + 1,
            start.column + 1,
            f"anførselstegnet her lukkes ikke på samme linje, men først i linje {end.line + 1}. "
            "Sæt det samme anførselstegn efter teksten.",
        )
    quote = last.style
    written = lines[mark.line][start.column :].rstrip()
    rest = written.split(" #")[0]
    if any(bracket in lines[mark.line][: start.column] for bracket in "{["):
        rest = re.split(r"[,}\]]", rest[end.column - start.column :])[0]
        rest = written[: end.column - start.column] + rest
    other = "'" if quote == '"' else '"'
    return (
        mark.line + 1,
        mark.column + 1,
        f"der står tekst efter det afsluttende anførselstegn. Sæt hele teksten i "
        f"{'enkelte' if other == chr(39) else 'dobbelte'} anførselstegn: {other}{rest}{other}",
    )


class _Builder:
    """Turns a node tree into Python values and reports what a YAML loader would hide."""

    def __init__(self, doc: Document, text: str) -> None:
        self.doc = doc
        self.text = text
        # The nodes built so far, to know an alias (the anchored node met again): only when
        # the text has an anchor at all (an alias without one is a syntax error).
        self.seen: set[int] | None = set() if "&" in text else None
        self.alias_marks: list[tuple[int, int]] | None = None
        self.too_deep = False
        self.lines: list[str] | None = None
        self.reported: list[tuple[int, Loc]] = []
        # The values of scalars, by node, for an alias to repeat (only when the text has an
        # anchor): `ansvarlig: *navn` then has its text, and no spurious finding of its own.
        self.anchored: dict[int, Any] | None = {} if "&" in text else None

    def build(self, node: Node, loc: Loc = ()) -> tuple[Any, Position]:
        mark = node.start_mark
        if len(loc) >= MAX_DEPTH and not isinstance(node, ScalarNode):
            if not self.too_deep:
                self.too_deep = True
                self._report(
                    node,
                    "SP004",
                    f"YAML-syntaksfejl: værdierne er indlejret mere end {MAX_DEPTH} niveauer "
                    "dybt. Ret strukturen; en plan bruger kun få niveauer.",
                )
            return None, (mark.line, mark.column, None)
        if self.seen is not None:
            if id(node) in self.seen:
                return self._alias(node, loc), (mark.line, mark.column, None)
            self.seen.add(id(node))
        if not isinstance(node, ScalarNode) and node.tag != (
            _SEQ if isinstance(node, SequenceNode) else _MAP
        ):
            self._tag(node, loc)
        if isinstance(node, ScalarNode):
            value = self._scalar(node, loc)
            if self.anchored is not None:
                self.anchored[id(node)] = value
            if node.tag == _STR and not node.style and loc:
                self._comment_after(node, loc)
            raw = node.value if node.tag != _STR and node.style in ("", None) else None
            return value, (mark.line, mark.column, raw)
        if isinstance(node, SequenceNode):
            values, positions = [], []
            for i, item in enumerate(node.value):
                value, pos = self.build(item, (*loc, i))
                values.append(value)
                positions.append(pos)
            return values, (mark.line, mark.column, positions)
        return self._mapping(node, loc)

    def _comment_after(self, node: ScalarNode, loc: Loc) -> None:
        end = node.end_mark
        if self.lines is None:
            self.lines = self.text.split("\n")
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        match = _COMMENT_AFTER.match(rest)
        if match:
            column = end.column + rest.index("#") + 1
            self.doc.comments_after_text.append((loc, end.line + 1, column, match.group(1)))

    def _scalar(self, node: ScalarNode, loc: Loc) -> Any:
        tag = node.tag
        plain = node.style in ("", None)
        if tag != (implicit_tag(node.value) if plain else _STR):
            self._tag(node, loc)
            return node.value
        if tag == _STR:
            bad = _ESCAPED_BAD.search(node.value) if node.style == '"' else None
            if bad:
                self._report(
                    node,
                    "SP007",
                    f"Teksten indeholder tegnet U+{ord(bad.group()):04X} (skrevet med en "
                    "escape-sekvens), som ikke kan stå i et dokument. Slet det.",
                    loc,
                )
            return node.value
        if tag == _INT and len(node.value) > _MAX_DIGITS:
            # Python refuses to read an integer of more than 4300 digits; no plan needs one
            self._report(
                node,
                "SP102",
                f"Tallet i «{node.value[:20]}…» har {money.number(len(node.value))} tegn; det er "
                "alt for stort. Ret værdien.",
                loc,
            )
            return node.value
        if tag == _INT and node.value.isdigit() and node.value[0] != "0":
            return int(node.value)  # the common case; 0-prefixed is octal in YAML 1.1
        if plain and tag in (_INT, _FLOAT):
            self._yaml11_number(node, loc)  # reported; the value stays YAML's, said once
        constructor = _CONSTRUCTORS.get(node.tag)
        if constructor is None:  # `<<` (a merge key) and `=`, which YAML gives a tag of its own
            self._tag(node, loc)
            return node.value
        try:
            value = constructor(_CONSTRUCTOR, node)
        except (ValueError, ArithmeticError, LookupError, TypeError, yaml.YAMLError):
            # e.g. a timestamp-shaped scalar that is no real date (2024-02-30)
            self._report(
                node,
                "SP102",
                f"«{node.value}» ligner en dato, men er ikke en gyldig "
                "dato. Skriv datoen som ÅÅÅÅ-MM-DD.",
                loc,
            )
            return node.value
        if tag == _FLOAT and not node.style:
            self._thousands_dot(node, loc)
        # A float keeps the digits written where it cannot hold them all (an amount in kr.)
        return money.loaded(value, node.value) if tag == _FLOAT else value

    def _mapping(self, node: MappingNode, loc: Loc) -> tuple[dict[Any, Any], Position]:
        result: dict[Any, Any] = {}
        inner: dict[Any, tuple[int, int, Position]] = {}
        pairs = self._decimal_commas(node) if node.flow_style else node.value
        for key_node, value_node in pairs:
            if not isinstance(key_node, ScalarNode):
                self._report(
                    key_node,
                    "SP008",
                    "En nøgle skal være en enkel tekst, ikke en "
                    "liste eller mapping. Skriv nøglen som tekst.",
                    loc,
                )
                continue
            if self.seen is not None:
                if id(key_node) in self.seen:
                    self._alias(key_node, loc)
                    continue
                self.seen.add(id(key_node))
            key = self._scalar(key_node, loc)
            try:
                hash(key)
            except TypeError:
                key = key_node.value
            mark = key_node.start_mark
            if key in result:
                self._report(
                    key_node,
                    "SP005",
                    f"Nøglen «{key_node.value}» står to gange (linje "
                    f"{inner[key][0] + 1} og {mark.line + 1}); YAML ville kun beholde den "
                    "sidste. Slet den ene, eller flet dem sammen.",
                    (*loc, key),
                )
                continue
            result[key], value_pos = self.build(value_node, (*loc, key))
            inner[key] = (mark.line, mark.column, value_pos)
        return result, (node.start_mark.line, node.start_mark.column, inner)

    def _thousands_dot(self, node: ScalarNode, loc: Loc) -> None:
        """`drift: {2031: 1.500}`: to a Dane a thousands separator (1500), to YAML 1,5. A
        number with a dot and exactly three digits after it is refused where an amount or a
        measured value is written, so it never silently becomes a thousandth of itself."""
        keys = [part for part in loc if isinstance(part, str)]
        if not keys or keys[-1] not in _NUMBER_KEYS or not _THOUSANDS.fullmatch(node.value):
            return
        raw = node.value
        thousands = raw.replace(".", "").lstrip("+")
        meant = format(Decimal(raw.lstrip("+")).normalize(), "f")
        written = meant + "0" if len(meant.partition(".")[2]) == 3 else meant
        danish = meant.replace(".", ",")
        self._report(
            node,
            "SP110",
            f"«{raw}» kan betyde både {thousands} og {danish}: YAML læser punktum som "
            f"decimaltegn. Skriv {thousands} uden punktum, eller {written}, hvis du mener "
            f"{danish}.",
            loc,
        )

    def _decimal_commas(self, node: MappingNode) -> list[tuple[Node, Node]]:
        """`{værdi: 5,8}` and `{2031: 1,5 mio}`: in a flow mapping YAML reads a Danish decimal
        comma as the end of the value (5) and a new key without a value (8). Such a pair is
        put back together as the text written (5,8), which the schema then reports just as it
        reports `værdi: 5,8` on its own line."""
        if self.lines is None:
            self.lines = self.text.split("\n")
        pairs: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            previous = pairs[-1][1] if pairs else None
            if (
                isinstance(previous, ScalarNode)
                and previous.tag in (_INT, _FLOAT)
                and not previous.style
                and _continues_after_comma(self.lines, previous, key_node, value_node)
            ):
                text = f"{previous.value},{key_node.value}"
                merged = ScalarNode(_STR, text, previous.start_mark, key_node.end_mark)
                pairs[-1] = (pairs[-1][0], merged)
                continue
            pairs.append((key_node, value_node))
        return pairs

    def _alias(self, node: Node, loc: Loc) -> Any:
        """Report an alias by its anchor's name; its value is the anchored text or number
        (so that nothing else is reported there), or None for a list or mapping (which is
        never repeated: an alias bomb would repeat it a billion times)."""
        # The composer kept only the anchored node; the n-th repeat we meet in document
        # order is the n-th alias event, which knows where the alias itself is written.
        if self.alias_marks is None:
            self.alias_marks = _alias_marks(self.text)
        if self.alias_marks:
            line, column, anchor = self.alias_marks.pop(0)
        else:
            (line, column), anchor = self.doc.position(loc), ""
        name = cut(anchor, 40)
        shown = f" (*{name})" if name else ""
        self.doc.findings.append(
            Finding(
                "SP006",
                f"Et YAML-alias{shown} genbruger værdien med ankeret &{name} i linje "
                f"{node.start_mark.line + 1}; planer bruger ikke aliaser. Skriv værdien ud "
                f"her, og slet «&{name}» i linje {node.start_mark.line + 1}.",
                self.doc.path,
                line,
                column,
                format_path(loc),
            )
        )
        return (self.anchored or {}).get(id(node))

    def _tag(self, node: Node, loc: Loc) -> None:
        """An explicit tag that makes a value something other than what is written
        (`!!bool "måske"`, `!!int ""`, `!!seq "BS"`, a tag on a list or mapping)."""
        if node.tag == _MERGE:
            self._report(
                node,
                "SP008",
                "Nøglen «<<» fletter en anden mapping ind (YAML's merge); det bruges ikke i "
                "planer. Skriv nøglerne ud her.",
                loc,
            )
            return
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        written = f" på «{cut(node.value, 40)}»" if isinstance(node, ScalarNode) else ""
        self._report(
            node,
            "SP008",
            f"YAML-tagget {cut(tag, 40)}{written} bruges ikke i planer. Fjern tagget, og skriv "
            "værdien, som den skal læses (tekst i anførselstegn, hvis den kan forveksles med et "
            "tal).",
            loc,
        )

    def _yaml11_number(self, node: ScalarNode, loc: Loc) -> None:
        """`0150000` (octal), `1:18` (base 60), `0x7eb` (hex), `0b101` (binary): YAML 1.1
        reads these as another number than the one written. Reported with what YAML made
        of it and how to write it."""
        form = _yaml11_form(node.value)
        if form is None:
            return
        what, meant = form
        try:
            value = _CONSTRUCTORS[node.tag](_CONSTRUCTOR, node)
        except (ValueError, ArithmeticError, yaml.YAMLError):
            return
        made = money.number(value) if isinstance(value, int) else str(value)
        advice = f"Skriv {meant}, hvis det er tallet, eller " if meant else "Skriv "
        self._report(
            node,
            "SP102",
            f"«{node.value}» læses af YAML som {made} ({what}). {advice}"
            f'"{node.value}" i anførselstegn, hvis det er en tekst.',
            loc,
        )

    def _report(self, node: Node, rule: str, message: str, loc: Loc = ()) -> None:
        mark = node.start_mark
        self.reported.append((len(self.doc.findings), loc))
        self.doc.findings.append(
            Finding(rule, message, self.doc.path, mark.line + 1, mark.column + 1, format_path(loc))
        )

    def placed(self) -> None:
        """The findings made while building, with their path and place in the built data
        (a year key is a mapping's, not a list's index, which only the data shows)."""
        for index, loc in self.reported:
            finding = self.doc.findings[index]
            self.doc.findings[index] = dataclasses.replace(
                finding,
                path=format_path(loc, self.doc.data),
                place=readable_place(loc, self.doc.data),
            )


def _continues_after_comma(lines: list[str], previous: Node, key: Node, value: Node) -> bool:
    """Whether `key` (with no value) follows `previous` right after a comma, with no space
    and starting with a digit, as the decimals of a number do (5,8)."""
    end, start = previous.end_mark, key.start_mark
    if not (
        isinstance(key, ScalarNode)
        and not key.style
        and key.value[:1].isdigit()
        and isinstance(value, ScalarNode)
        and value.tag == "tag:yaml.org,2002:null"
        and start.line == end.line
        and start.column == end.column + 1
        and end.line < len(lines)
    ):
        return False
    line = lines[end.line]
    after_key = line[key.end_mark.column :].lstrip() if key.end_mark.line == end.line else ""
    return line[end.column : end.column + 1] == "," and not after_key.startswith(":")


def _alias_marks(text: str) -> list[tuple[int, int, str]]:
    marks = []
    for event in yaml.parse(text, Loader=Composer):
        if isinstance(event, yaml.AliasEvent):
            marks.append((event.start_mark.line + 1, event.start_mark.column + 1, event.anchor))
    return marks


# The number forms of YAML 1.1 that read as another number than the one written.
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_BASE_60 = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?")
_HEX = re.compile(r"[-+]?0x[0-9a-fA-F_]+")
_BINARY = re.compile(r"[-+]?0b[01_]+")


def _yaml11_form(written: str) -> tuple[str, str] | None:
    """What YAML 1.1 takes `written` for, and the number as a reader sees it (or "")."""
    if _OCTAL.fullmatch(written) and written.lstrip("+-").strip("0_"):
        digits = written.replace("_", "").lstrip("+")
        sign = "-" if digits.startswith("-") else ""
        return "et 0 først gør det til et oktaltal", sign + (digits.lstrip("-").lstrip("0"))
    if _BASE_60.fullmatch(written):
        return "tal med kolon læses i 60-talsystemet, som klokkeslæt", ""
    if _HEX.fullmatch(written):
        return "0x først gør det til et sekstentalsystem-tal", ""
    if _BINARY.fullmatch(written):
        return "0b først gør det til et totalsystem-tal", ""
    return None
