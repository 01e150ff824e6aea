from __future__ import annotations

from sektorplan.model.sdg import catalogue, known_ids


def test_catalogue_counts() -> None:
    c = catalogue()
    assert (len(c.goals), len(c.targets), len(c.indicators)) == (17, 169, 247)
    assert c.goals[4].title["da"] and c.goals[4].colour.startswith("#")


def test_fast_id_scan_matches_the_full_catalogue() -> None:
    c, ids = catalogue(), known_ids()
    assert ids.goals == set(c.goals)
    assert ids.targets == set(c.targets)
    assert ids.indicators == set(c.indicators)


def test_references() -> None:
    ids = known_ids()
    assert ids.has_reference("4") and ids.has_reference("17.10") and ids.has_reference("14.a")
    assert not ids.has_reference("18") and not ids.has_reference("4.12")
    assert not ids.has_reference("17.1.0")
