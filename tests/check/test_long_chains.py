"""A long chain of `afhænger-af` is searched for rings without recursion: a thousand links
are a finding (or none), never Python's recursion limit."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import yaml

from sektorplan.check.examples import BASE_FILES
from sektorplan.check.validate import validate

from ..conftest import write_files


def chain(root: Path, length: int, *, ring: bool) -> None:
    plan = yaml.safe_load(BASE_FILES["planer/bs.yaml"])
    first = plan["indsatser"][0]
    initiatives = []
    for n in range(length):
        initiative = {
            k: copy.deepcopy(v) for k, v in first.items() if k not in ("økonomi", "milepæle")
        }
        initiative["id"] = f"BS-I{n + 1}"
        following = n + 2 if n + 1 < length else (1 if ring else None)
        initiative["afhænger-af"] = [f"BS-I{following}"] if following else []
        initiative["start"] = initiative["slut"] = 2026
        initiatives.append(initiative)
    plan["indsatser"] = initiatives
    write_files(root, {"planer/bs.yaml": yaml.safe_dump(plan, allow_unicode=True)})


def test_a_ring_of_more_links_than_the_recursion_limit(workspace: Path) -> None:
    length = sys.getrecursionlimit() + 500
    chain(workspace, length, ring=True)
    rings = [f for f in validate([workspace]).findings if f.rule == "SP216"]
    assert len(rings) == 1
    message = rings[0].message
    assert message.startswith("Indsatserne afhænger af hinanden i ring: BS-I1 → BS-I2 → ")
    assert f"({length} indsatser i alt)" in message
    assert len(message) < 300


def test_a_long_chain_without_a_ring_is_no_ring(workspace: Path) -> None:
    chain(workspace, sys.getrecursionlimit() + 500, ring=False)
    assert not [f for f in validate([workspace]).findings if f.rule == "SP216"]
