"""Each kind of change between two versions of a workspace, as `sektorplan diff` reports it
(JSON, which holds every change; the text reports are tested in test_report)."""

from __future__ import annotations

from pathlib import Path

from ..conftest import run
from .conftest import change, item, versions

BS, AM, CONFIG = "planer/bs.yaml", "planer/am.yaml", "sektorplan.yaml"

NEW_INDICATOR = """            målinger: {2024: 80}
          - id: BS-1.1.b
            navn: Andel børn i vuggestue
            enhed: "%"
            retning: op
            basis: {år: 2023, værdi: 40}
            målværdier: {2027: 50, 2031: 60, 2035: 70}
"""


def test_the_same_workspace_twice_has_no_differences(tmp_path: Path) -> None:
    root = versions(tmp_path)
    result = run(["diff", "old", "new"], root)
    assert result.exit_code == 0
    assert "Ingen forskelle." in result.stdout
    assert run(["diff", "old", "new", "--exit-code"], root).exit_code == 0


def test_differences_give_exit_1_only_with_exit_code(tmp_path: Path) -> None:
    root = versions(tmp_path, (BS, "status: udkast", "status: høring"))
    assert run(["diff", "old", "new"], root).exit_code == 0
    assert run(["diff", "old", "new", "--exit-code"], root).exit_code == 1


NEW_GOAL = """  - id: BS-2
    titel: Flere unge gennemfører en uddannelse
    kerneværdier: [vækst]
    verdensmål: [4]
    delmål:
      - id: BS-2.1
        titel: Flere begynder på en ungdomsuddannelse
        indikatorer:
          - id: BS-2.1.a
            navn: Andel unge i uddannelse
            enhed: "%"
            retning: op
            basis: {år: 2023, værdi: 50}
            målværdier: {2027: 55, 2031: 60, 2035: 65}
indsatser:
"""


def test_added_items(compare) -> None:
    data = compare(
        (BS, "            målinger: {2024: 80}\n", NEW_INDICATOR),
        (BS, "indsatser:\n", NEW_GOAL),
        (BS, "bidrager-til: [BS-1.1]", "bidrager-til: [BS-1.1, BS-2]"),
    )
    added = {i["id"]: (i["kind"], i["status"], i["title"]) for i in data["plans"][0]["items"]}
    assert added["BS-1.1.b"] == ("indikator", "added", "Andel børn i vuggestue")
    assert added["BS-2"] == ("mål", "added", "Flere unge gennemfører en uddannelse")
    assert added["BS-2.1"][:2] == ("delmål", "added")
    assert added["BS-2.1.a"][:2] == ("indikator", "added")
    assert "BS-1" not in added  # unchanged: its new sibling is not a change of it
    # In the order they are written.
    assert list(added) == ["BS-1.1.b", "BS-2", "BS-2.1", "BS-2.1.a", "BS-I1"]


def test_a_removed_initiative(compare) -> None:
    data = compare(
        (BS, "    afhænger-af: [AM-I1]\n", ""),
        (AM, AM_INITIATIVE, ""),
        (AM, "indsatser:\n", "indsatser: []\n"),
    )
    removed = item(data, "AM-I1")
    assert (removed["kind"], removed["status"], removed["changes"]) == ("indsats", "removed", [])


AM_INITIATIVE = """  - id: AM-I1
    titel: Byggemodning af skolegrunden
    type: anlæg
    bidrager-til: [AM-1.1, BS-1]
    start: 2024
    slut: 2026
    steder: [nuuk]
    ansvarlig: Anlægsafdelingen
    økonomi:
      anlæg: {2025: 20000000, 2026: 30000000}
"""


def test_a_changed_text_marks_the_changed_words(compare) -> None:
    data = compare(
        (
            BS,
            "vision: Alle børn går i en skole, der giver dem lyst til at lære.",
            "vision: Alle børn går i en god skole, der giver dem mod på at lære.",
        )
    )
    vision = change(data["plans"][0], "vision")
    assert vision["kind"] == "text"
    marked = [(w["op"], w["text"]) for w in vision["words"] if w["op"] != "="]
    assert marked == [("+", "god "), ("-", "lyst til"), ("+", "mod på")]


def test_a_text_in_another_language_is_compared_in_that_language(compare) -> None:
    data = compare(
        (
            BS,
            "titel: En god skolestart for alle børn",
            "titel: {da: En god skolestart for alle børn, kl: Meeqqat tamarmik}",
        )
    )
    title = change(item(data, "BS-1"), "titel")
    assert (title["language"], title["old"], title["new"]) == ("kl", "", "Meeqqat tamarmik")


def test_numbers_old_new_and_the_difference(compare) -> None:
    data = compare(
        (BS, "basis: {år: 2023, værdi: 78}", "basis: {år: 2022, værdi: 77.5}"),
        (
            BS,
            "målværdier: {2027: 84, 2031: 90, 2035: 95}",
            "målværdier: {2027: 86, 2031: 90, 2034: 95}",
        ),
        (BS, "målinger: {2024: 80}", "målinger: {2024: 80.25, 2025: 81}"),
        (BS, "slut: 2029", "slut: 2030"),
    )
    indicator = item(data, "BS-1.1.a")
    rows = {c["field"]: (c["old"], c["new"], c["difference"]) for c in indicator["changes"]}
    assert rows == {
        "basis.år": ("2023", "2022", "-1"),
        "basis.værdi": ("78", "77.5", "-0.5"),
        "målværdier.2027": ("84", "86", "2"),
        "målværdier.2034": (None, "95", None),
        "målværdier.2035": ("95", None, None),
        "målinger.2024": ("80", "80.25", "0.25"),
        "målinger.2025": (None, "81", None),
    }
    end = change(item(data, "BS-I1"), "slut")
    assert (end["old"], end["new"], end["difference"], end["unit"]) == ("2029", "2030", "1", "year")


def test_measurements_from_the_statistics_files_count(compare) -> None:
    data = compare(extra={"målinger/statistik.csv": "indikator,år,værdi\nAM-1.1.a,2025,14\n"})
    measured = change(item(data, "AM-1.1.a"), "målinger.2025")
    assert (measured["old"], measured["new"]) == (None, "14")


def test_lists_what_was_added_and_removed(compare) -> None:
    data = compare(
        (BS, 'verdensmål: ["4.1"]', 'verdensmål: ["4.1", "4.3"]'),
        (BS, "kerneværdier: [tryghed]", "kerneværdier: [vækst]"),
        (BS, "steder: [nuuk]", "steder: [nuuk, kapisillit]"),
        (BS, "afhænger-af: [AM-I1]", "afhænger-af: []"),
        (BS, "bidrager-til: [BS-1.1]", "bidrager-til: [BS-1.1, BS-1]"),
    )
    goal, initiative = item(data, "BS-1"), item(data, "BS-I1")
    assert (change(goal, "verdensmål")["added"], change(goal, "verdensmål")["removed"]) == (
        ["4.3"],
        [],
    )
    assert change(goal, "kerneværdier")["added"] == ["vækst"]
    assert change(goal, "kerneværdier")["removed"] == ["tryghed"]
    assert change(initiative, "steder")["added"] == ["kapisillit"]
    assert change(initiative, "afhænger-af")["removed"] == ["AM-I1"]
    assert change(initiative, "bidrager-til")["added"] == ["BS-1"]


def test_budgets_by_year_per_initiative_plan_and_workspace(compare) -> None:
    data = compare(
        (
            BS,
            "anlæg: {2026: 50000000, 2027: 40000000}",
            "anlæg: {2026: 50000000.1, 2027: 40000000.2}\n      drift: {2030: 1000000}",
        ),
        (AM, "anlæg: {2025: 20000000, 2026: 30000000}", "anlæg: {2025: 20000000, 2026: 25000000}"),
    )
    initiative = item(data, "BS-I1")
    assert change(initiative, "økonomi.anlæg.2026")["difference"] == "0.1"
    assert change(initiative, "økonomi.anlæg.2027")["difference"] == "0.2"
    assert change(initiative, "økonomi.drift.2030")["new"] == "1000000"
    bs = next(p for p in data["plans"] if p["key"] == "BS")
    construction = next(e for e in bs["economy"] if e["kind"] == "anlæg")
    assert construction["difference"] == "0.3"  # exactly: never 0.30000000000000004
    workspace = {e["kind"]: e for e in data["economy"]}
    years = {y["year"]: (y["old"], y["new"]) for y in workspace["anlæg"]["years"]}
    assert years[2026] == ("80000000", "75000000.1")
    assert workspace["anlæg"]["difference"] == "-4999999.7"
    assert workspace["drift"]["difference"] == "1000000"


def test_a_nearly_same_title_under_a_new_id_is_a_possible_renaming(compare) -> None:
    data = compare(
        (BS, "id: BS-1.1\n", "id: BS-1.1x\n"),
        (
            BS,
            "titel: Flere børn går i dagtilbud før skolestart",
            "titel: Flere børn går i dagtilbud inden skolestart",
        ),
        (BS, "bidrager-til: [BS-1.1]", "bidrager-til: [BS-1.1x]"),
    )
    renamed = item(data, "BS-1.1x")
    assert (renamed["status"], renamed["old_id"]) == ("renamed", "BS-1.1")
    assert change(renamed, "titel")["kind"] == "text"
    assert not [i for p in data["plans"] for i in p["items"] if i["id"] == "BS-1.1"]
    # The indicator under it stayed: it moved.
    assert change(item(data, "BS-1.1.a"), "placering") == {
        "kind": "value",
        "field": "placering",
        "old": "BS-1.1",
        "new": "BS-1.1x",
    }


def test_a_new_id_with_another_title_is_removal_and_addition(compare) -> None:
    data = compare(
        (BS, "id: BS-I1\n", "id: BS-I9\n"),
        (BS, "titel: Ny skole i Nuuk", "titel: Renovering af svømmehallen"),
    )
    assert item(data, "BS-I1")["status"] == "removed"
    assert item(data, "BS-I9")["status"] == "added"


def test_milestones_matched_by_title_then_year(compare) -> None:
    data = compare(
        (
            BS,
            "      - {år: 2027, titel: Byggeriet går i gang}",
            "      - {år: 2028, titel: Byggeriet går i gang}\n"
            "      - {år: 2030, titel: Skolen åbner}",
        ),
    )
    initiative = item(data, "BS-I1")
    moved = change(initiative, "milepæle[Byggeriet går i gang].år")
    assert (moved["old"], moved["new"]) == ("2027", "2028")
    assert change(initiative, "milepæle")["new"] == "2030: Skolen åbner"


def test_plan_fields(compare) -> None:
    data = compare(
        (BS, "status: udkast", "status: høring"),
        (BS, 'version: "1.0"', 'version: "1.1"'),
    )
    plan = data["plans"][0]
    assert {c["field"]: (c["old"], c["new"]) for c in plan["changes"]} == {
        "status": ("udkast", "høring"),
        "version": ("1.0", "1.1"),
    }


# --- the derived picture ------------------------------------------------------------------------


def test_an_indicator_whose_status_changed(compare) -> None:
    data = compare((BS, "målinger: {2024: 80}", "målinger: {2024: 80, 2026: 70}"))
    assert data["derived"]["statuses"] == [
        {
            "indicator": "BS-1.1.a",
            "title": "Andel børn i dagtilbud året før skolestart",
            "plan": "BS",
            "old": "on_track",
            "new": "deterioration",
        }
    ]


def test_timing_conflicts_that_appear_and_disappear(compare) -> None:
    appeared = compare((BS, "start: 2026", "start: 2025"))["derived"]
    assert appeared["conflicts_added"] == [
        {"initiative": "BS-I1", "start": 2025, "dependency": "AM-I1", "end": 2026, "plan": "BS"}
    ]
    assert appeared["conflicts_removed"] == []


def test_a_conflict_that_disappears(tmp_path: Path) -> None:
    import json

    root = versions(tmp_path, (BS, "start: 2026", "start: 2025"))
    result = run(["diff", "new", "old", "--format", "json"], root)  # the other way round
    derived = json.loads(result.stdout)["derived"]
    assert [c["initiative"] for c in derived["conflicts_removed"]] == ["BS-I1"]


def test_years_over_and_under_the_construction_frame(compare) -> None:
    data = compare(
        (
            CONFIG,
            "anlægsramme: {2026: 100000000, 2027: 100000000}",
            "anlægsramme: {2026: 70000000, 2027: 100000000}",
        ),
    )
    frame = data["derived"]["frame"]
    assert [(f["year"], f["over"], f["new_total"], f["new_frame"]) for f in frame] == [
        (2026, True, "80000000", "70000000")
    ]


def test_a_year_back_under_the_construction_frame(tmp_path: Path) -> None:
    import json

    frame = "anlægsramme: {2026: 100000000, 2027: 100000000}"
    root = versions(tmp_path, (CONFIG, frame, frame.replace("2027: 100000000", "2027: 30000000")))
    result = run(["diff", "new", "old", "-f", "json"], root)  # from over the frame to under
    changes = json.loads(result.stdout)["derived"]["frame"]
    assert [(f["year"], f["over"], f["old_frame"], f["new_frame"]) for f in changes] == [
        (2027, False, "30000000", "100000000")
    ]
    text = run(["diff", "new", "old"], root).stdout
    assert "2027  100.000.000  40.000.000  40.000.000  under rammen igen" in text


def test_plans_added_and_removed(tmp_path: Path) -> None:
    import json

    root = versions(tmp_path)
    (root / "new" / "planer" / "am.yaml").unlink()
    (root / "new" / "planer" / "bs.yaml").write_text(
        (root / "new" / "planer" / "bs.yaml")
        .read_text(encoding="utf-8")
        .replace("    afhænger-af: [AM-I1]\n", ""),
        encoding="utf-8",
    )
    data = json.loads(run(["diff", "old", "new", "-f", "json"], root).stdout)
    am = next(p for p in data["plans"] if p["key"] == "AM")
    assert (am["status"], am["old_file"], am["new_file"]) == ("removed", "planer/am.yaml", None)
    assert {i["id"] for i in am["items"]} == {"AM-1", "AM-1.1", "AM-1.1.a", "AM-I1"}
    assert {i["status"] for i in am["items"]} == {"removed"}
    back = json.loads(run(["diff", "new", "old", "-f", "json"], root).stdout)
    assert next(p for p in back["plans"] if p["key"] == "AM")["status"] == "added"


# --- two plan files ------------------------------------------------------------------------------


def test_two_plan_files_are_one_plan_in_two_versions(tmp_path: Path) -> None:
    import json

    root = versions(
        tmp_path, (BS, 'version: "1.0"', 'version: "2.0"'), (BS, "slut: 2029", "slut: 2030")
    )
    result = run(["diff", "old/planer/bs.yaml", "new/planer/bs.yaml", "-f", "json"], root)
    data = json.loads(result.stdout)
    assert (data["old_label"], data["new_label"], data["single"]) == ("1.0", "2.0", True)
    assert [p["key"] for p in data["plans"]] == ["BS"]
    assert data["economy"] == []
    text = run(["diff", "old/planer/bs.yaml", "new/planer/bs.yaml"], root).stdout
    assert text.startswith("Ændringer fra version 1.0 til version 2.0")


# --- sides that cannot be compared, and wrong use ------------------------------------------------


def test_a_side_with_errors_shows_its_findings_and_exits_1(tmp_path: Path) -> None:
    root = versions(tmp_path, (BS, "forvaltning: BS", "forvaltning: XX"))
    result = run(["diff", "old", "new"], root)
    assert result.exit_code == 1
    assert "SP201" in result.stdout and "bs.yaml" in result.stdout
    assert "Den nye version (new) har fejl" in result.stderr


def test_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    root = versions(tmp_path)
    (root / "tom").mkdir()
    result = run(["diff", "old", "tom"], root)
    assert result.exit_code == 2
    assert "tom er ikke et arbejdsområde" in result.stderr


def test_wrong_use(tmp_path: Path) -> None:
    root = versions(tmp_path)
    one = run(["diff", "old"], root)
    assert one.exit_code == 2 and "Angiv to versioner" in one.stderr
    until = run(["diff", "--til", "v2.0"], root)
    assert until.exit_code == 2 and "--til kræver --fra" in until.stderr
    docx = run(["diff", "old", "new", "-f", "docx"], root)
    assert docx.exit_code == 2 and "-o ændringer.docx" in docx.stderr
    missing = run(["diff", "old", "findes-ikke"], root)
    assert missing.exit_code == 2 and "findes-ikke findes ikke" in missing.stderr
