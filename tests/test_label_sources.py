"""The Greenlandic labels and their sources agree (src/sektorplan/labels/SOURCE.md): every key of
labels/kl.yaml and labels/oversigt/kl.yaml has a row, a filled value is the one the row gives
with a source, an empty one is marked not found or removed, and the counts in SOURCE.md and
the README are the catalogues' own."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from sektorplan.i18n import OVERVIEW, Fallback, labels

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "src" / "sektorplan" / "labels"
ROW = re.compile(r"^\| `([^`]+)` \| [^|]* \| ([^|]*) \|", re.M)


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _catalogue(path: Path) -> dict[str, Any]:
    return _flat(yaml.safe_load(path.read_text("utf-8")))


def _sections() -> tuple[str, str]:
    text = (LABELS / "SOURCE.md").read_text("utf-8")
    plan, rest = text.split("## Overview labels", 1)
    return plan, rest.split("## SDG goal titles", 1)[0]


def test_every_greenlandic_label_has_its_row_and_the_value_the_row_gives() -> None:
    for path, section in zip(
        (LABELS / "kl.yaml", LABELS / "oversigt" / "kl.yaml"), _sections(), strict=True
    ):
        values = _catalogue(path)
        rows = dict(ROW.findall(section))
        missing, extra = sorted(set(values) - set(rows)), sorted(set(rows) - set(values))
        assert not missing and not extra, (
            f"labels/SOURCE.md and {path.name} differ: add a row «| `key` | Danish | *not found* "
            f"| – | … |» for {missing}, remove {extra}, and update the counts (README too)"
        )
        for key, value in values.items():
            cell = rows[key].strip()
            if value:
                assert cell == f"**{value}**", (path, key)
            else:
                assert cell in ("*not found*", "*removed: no source*"), (path, key)


def test_the_counts_of_sourced_labels_are_true() -> None:
    plan = _catalogue(LABELS / "kl.yaml")
    overview = _catalogue(LABELS / "oversigt" / "kl.yaml")
    p_filled, p_all = sum(1 for v in plan.values() if v), len(plan)
    o_filled, o_all = sum(1 for v in overview.values() if v), len(overview)
    source = (LABELS / "SOURCE.md").read_text("utf-8")
    assert f"\n{p_filled} of {p_all} label keys sourced." in source
    assert f"\n{o_filled} of {o_all} oversigt keys sourced." in source
    total = f"{p_filled + o_filled} of {p_all + o_all} labels sourced"
    assert f"**{p_filled} of {p_all} plan labels, {o_filled} of {o_all} overview labels" in source
    assert total in source
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert (
        f"{p_filled + o_filled} af {p_all + o_all} har en kilde ({p_filled} af {p_all} i "
        f"planerne, {o_filled} af {o_all} i oversigten" in readme
    )


def test_a_label_removed_for_lack_of_a_source_falls_back_to_danish() -> None:
    kl, overview = labels("kl"), labels("kl", OVERVIEW)
    for text, danish in (
        (kl["construction"], "Anlæg"),
        (kl["types"]["anlæg"], "Anlæg"),
        (kl["owner_initiative"], "Ansvarlig"),
        (overview["column_owner"], "Ansvarlig"),
        (overview["place_types"]["bygd"], "Bygd"),
    ):
        assert isinstance(text, Fallback) and text == danish and text.lang == "da"
    assert kl["years"] == "Ukioq" and not isinstance(kl["years"], Fallback)  # verbatim source
