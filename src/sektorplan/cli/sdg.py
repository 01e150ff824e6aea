"""`sektorplan sdg`: list and search the bundled catalogue of the Sustainable Development Goals.

This is how a planner finds the right target id. The goals have Danish titles; the targets'
and indicators' texts are the UN's English ones, marked "(engelsk)" so nobody takes them for
a translation. Output is one entry per line (plain text to pipe or grep); in a terminal the
goal colour is shown as a swatch (rich).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sektorplan.findings import cut
from sektorplan.model.sdg import Catalogue, Goal, Indicator, Target

ENGLISH = "(engelsk)"
_ID_LIKE = re.compile(r"^\d{1,2}(\.[0-9a-z]{1,2}){0,2}$")
_NUMBER_LIKE = re.compile(r"^\d+(\.[0-9a-z]+)*$", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    """One line of output: its text, how far it is indented, and a goal colour to show."""

    text: str
    indent: int = 0
    colour: str | None = None


def goal_line(goal: Goal) -> Line:
    title = goal.title.get("da") or _text(goal.title)
    return Line(f"{goal.number:>2}  {title}  {goal.colour}", colour=goal.colour)


def overview(catalogue: Catalogue) -> list[Line]:
    """The 17 goals: number, Danish title and colour."""
    return [goal_line(goal) for goal in catalogue.goals.values()]


def goal_detail(goal: Goal) -> list[Line]:
    """One goal with all its targets and their indicators."""
    lines = [goal_line(goal)]
    if goal.long_title:
        lines.append(Line(_text(goal.long_title), indent=4))
    for target in goal.targets:
        lines += _target_lines(target, target.indicators)
    return lines


def as_id(term: str) -> str | None:
    """`term` as the catalogue writes an id (`14.A` → `14.a`, `04` → `4`), if it is one."""
    term = term.strip().lower()
    if not _ID_LIKE.match(term):
        return None
    goal, _, rest = term.partition(".")
    return f"{int(goal)}.{rest}" if rest else str(int(goal))


def unknown_goal(catalogue: Catalogue, number: int | str) -> str:
    shown = cut(str(number), 30)
    return f"Verdensmål {shown} findes ikke. Vælg et mål fra 1 til {len(catalogue.goals)}."


def unknown_number(catalogue: Catalogue, number: str) -> str:
    """For a number no id in the catalogue has, and no text holds."""
    if "." not in number:
        return unknown_goal(catalogue, number)
    return (
        f"«{cut(number, 30)}» er hverken et delmål eller en indikator i kataloget. Se målene "
        "med `sektorplan sdg` og et måls delmål med `sektorplan sdg --mål N`."
    )


def looks_like_number(term: str) -> bool:
    """Whether a search term is a number or a number with parts (`123`, `4.99.7`)."""
    return bool(_NUMBER_LIKE.match(term.strip()))


def id_problem(catalogue: Catalogue, id_: str, goal_number: int | None = None) -> str | None:
    """Why `id_` (from `as_id`) finds nothing, in Danish, or None when it is in the catalogue
    (and in goal `goal_number`, when one is chosen)."""
    parts = id_.split(".")
    goal = catalogue.goals.get(int(parts[0]))
    if goal is None:
        return unknown_goal(catalogue, parts[0])
    target = ".".join(parts[:2])
    if len(parts) > 1 and target not in catalogue.targets:
        return (
            f"Delmål {target} findes ikke. Se delmålene med `sektorplan sdg --mål {goal.number}`."
        )
    if len(parts) > 2 and id_ not in catalogue.indicators:
        return f"Indikator {id_} findes ikke. Se indikatorerne med `sektorplan sdg {target}`."
    if goal_number is not None and goal.number != goal_number:
        what = {1: "Verdensmål", 2: "Delmål"}.get(len(parts), "Indikator")
        return f"{what} {id_} hører til verdensmål {goal.number}, ikke {goal_number}."
    return None


def search(catalogue: Catalogue, term: str, goal_number: int | None = None) -> list[Line]:
    """Goals, targets and indicators whose id (`4.2`, `14.A`) or text (`waste`) matches `term`."""
    id_ = as_id(term)
    by_id = id_ is not None
    term = id_ or term.strip()
    needle = term.casefold()

    def matches(id_: str, *texts: dict[str, str]) -> bool:
        if by_id:
            return id_ == term or id_.startswith(f"{term}.")
        return any(needle in value.casefold() for text in texts for value in text.values())

    lines: list[Line] = []
    for goal in catalogue.goals.values():
        if goal_number is not None and goal.number != goal_number:
            continue
        if by_id and term == str(goal.number):
            lines += goal_detail(goal)
            continue
        found = []
        for target in goal.targets:
            target_hit = matches(target.id, target.text)
            # a matching target comes with all its indicators: how it is measured
            indicators = [i for i in target.indicators if target_hit or matches(i.id, i.text)]
            if target_hit or indicators:
                found += _target_lines(target, indicators)
        if found or matches(str(goal.number), goal.title, goal.long_title):
            lines += [goal_line(goal), *found]
    return lines


def _target_lines(
    target: Target, indicators: tuple[Indicator, ...] | list[Indicator]
) -> list[Line]:
    lines = [Line(f"{target.id}  {_text(target.text)}", indent=4)]
    lines += [Line(f"{i.id}  {_text(i.text)}", indent=8) for i in indicators]
    return lines


def _text(text: dict[str, str]) -> str:
    """The Danish text where there is one; otherwise the English, marked as such."""
    if text.get("da"):
        return text["da"]
    if text.get("en"):
        return f"{text['en']} {ENGLISH}"
    return next(iter(text.values()), "")


def plain(lines: list[Line]) -> str:
    return "\n".join(" " * line.indent + line.text for line in lines)


def print_coloured(lines: list[Line]) -> None:
    """To a terminal: a colour swatch before each goal, long texts wrapped under their indent."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    console = Console(highlight=False)
    for line in lines:
        text = Text()
        if line.colour:
            text.append("  ", style=f"on {line.colour}")
            text.append(" ")
        text.append(line.text, style="bold" if line.colour else "")
        console.print(Padding(text, (0, 0, 0, line.indent)))
