"""`sektorplan build`: validation first, every plan and the overview, incremental, --clean,
one failing plan among good ones, serial and parallel giving the same bytes, the index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sektorplan.build import MANIFEST, Options, build, linked_plans
from sektorplan.build import manifest as manifest_file
from sektorplan.check.examples import BASE_CONFIG, BASE_FILES
from sektorplan.cli.app import app
from sektorplan.load.workspace import load_workspace
from sektorplan.render.layout import SITE
from sektorplan.render.templating import environment

from ..conftest import EXAMPLE, write_files

runner = CliRunner()

# A third forvaltning whose plan neither refers to the others nor is referred to.
KS = """\
format: 1
forvaltning: KS
titel: Koncernplan
status: udkast
ansvarlig: {navn: Direktøren}
vision: Gode rammer.
udgangspunkt: Bygningerne er slidte.
mål:
  - id: KS-1
    titel: Bygninger i god stand
    kerneværdier: [vækst]
    verdensmål: [9]
    delmål:
      - id: KS-1.1
        titel: Færre nedslidte bygninger
        indikatorer:
          - id: KS-1.1.a
            navn: Bygninger i god stand
            enhed: "%"
            retning: op
            basis: {år: 2023, værdi: 50}
            målværdier: {2027: 60, 2031: 70, 2035: 80}
indsatser:
  - id: KS-I1
    titel: Tilstandsvurdering
    type: drift
    bidrager-til: [KS-1.1]
    start: 2025
    slut: 2027
    ansvarlig: Ejendomme
    milepæle:
      - {år: 2031, titel: Halvvejs}
"""


def _workspace(root: Path, **extra: str) -> Path:
    files = dict(BASE_FILES)
    files["sektorplan.yaml"] = BASE_CONFIG.replace(
        "steder:", "  - {id: KS, navn: Koncern Service}\nsteder:"
    )
    files["planer/ks.yaml"] = KS
    files.update(extra)
    return write_files(root, files)


def _run(*args: str):
    return runner.invoke(app, ["build", *args])


def _at(folder: Path, name: str) -> Path:
    """Where the build puts the output `name` (as `render` names it) in a language's folder."""
    return folder / SITE.path(name, overview=name.startswith("oversigt"))


def _names(folder: Path) -> set[str]:
    """Every file below `folder`, as a posix path relative to it."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _mtimes(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return _workspace(tmp_path / "ws")


def test_build_renders_every_plan_the_overview_and_an_index(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "ud"
    result = _run(str(ws), "-o", str(out), "-f", "md,html", "--jobs", "1")
    assert result.exit_code == 0, result.output
    # Every language of the workspace (sprog: [da, kl]) in its own folder.
    assert {p.name for p in out.iterdir()} == {"da", "kl", "index.html", MANIFEST}
    assert {p.name for p in (out / "kl").iterdir()} == {p.name for p in (out / "da").iterdir()}
    assert "## Takorluukkat" in _at(out / "kl", "bs.md").read_text("utf-8")
    assert "## Vision" in _at(out / "da", "bs.md").read_text("utf-8")
    entry = (out / "index.html").read_text("utf-8")
    assert set(re.findall(r'href="([^"]+)"', entry)) == {"da/index.html", "kl/index.html"}
    assert "Kalaallisut" in entry and "Dansk" in entry
    names = _names(out / "da")
    assert _names(out / "kl") == names
    for stem in ("am", "bs", "ks"):
        assert {f"filer/{stem}.md", f"planer/{stem}.html"} <= names
    assert {"filer/oversigt.md", "oversigt.html", "billeder/oversigt-tidslinje.png"} <= names
    assert {"index.html", "verdensmaal/index.html", "steder/nuuk.html"} <= names
    assert not {"filer/bs.docx", "filer/oversigt.xlsx"} & names
    assert "[8/8]" in result.output  # plain progress lines outside a terminal
    assert "planer/bs.yaml (kl)" in result.output
    # How many texts fell back, per plan and language.
    assert re.search(
        r"Uoversat: .*bs\.yaml \(kl\): (\d+) af \1 tekster står på dansk, fordi de ikke er "
        r"oversat til grønlandsk\.",
        result.output,
    )
    assert not re.search(r"Uoversat: .*\(da\)", result.output)  # Danish is primary
    start = (out / "da" / "index.html").read_text("utf-8")
    links = set(re.findall(r'href="([^"#]+)(?:#[^"]*)?"', start))
    assert {f"planer/{stem}.html" for stem in ("am", "bs", "ks")} <= links
    assert {f"filer/{stem}.md" for stem in ("am", "bs", "ks")} <= links
    assert {"oversigt.html", "verdensmaal/index.html", "steder/index.html"} <= links
    assert {"../da/index.html", "../kl/index.html"} <= links  # the language switch
    assert all((out / "da" / link).resolve().is_file() for link in links), links
    assert "Skolesektorplan 2024–2035" in start
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_sprog_chooses_the_languages(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "ud"
    result = _run(str(ws), "-o", str(out), "-f", "md", "--jobs", "1", "--sprog", "kl")
    assert result.exit_code == 0, result.output
    assert _at(out / "kl", "bs.md").is_file() and not (out / "da").exists()
    assert set(re.findall(r'href="([^"]+)"', (out / "index.html").read_text("utf-8"))) == {
        "kl/index.html"
    }
    result = _run(str(ws), "-o", str(out), "-f", "md", "--jobs", "1", "--sprog", "en,da")
    assert result.exit_code == 0, result.output
    assert "## Action plan" in _at(out / "en", "bs.md").read_text("utf-8")
    # The workspace's languages first, then another; each start page an earlier build made.
    assert re.findall(r'href="([^"]+)"', (out / "index.html").read_text("utf-8")) == [
        "da/index.html",
        "kl/index.html",
        "en/index.html",
    ]
    again = _run(str(ws), "-o", str(out), "-f", "md", "--jobs", "1", "--sprog", "da,kl")
    assert again.exit_code == 0 and "dokumentsæt var allerede opdateret" in again.output
    wrong = _run(str(ws), "-o", str(out), "--sprog", "da,fr")
    assert wrong.exit_code == 2 and "Ukendt sprog: fr." in wrong.output
    assert "--sprog da,kl" in wrong.output


def test_second_build_renders_nothing_and_changes_nothing(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "ud"
    options = Options(out, formats=("md", "html"), jobs=1)
    build(ws, options)
    before = _mtimes(out)
    again = build(ws, options)
    assert again.rendered == [] and again.errors == []
    assert sorted(again.up_to_date) == sorted(
        f"{name} ({lang})"
        for lang in ("da", "kl")
        for name in ["oversigt", *(_shown(ws, s) for s in ["am", "bs", "ks"])]
    )
    assert _mtimes(out) == before


def _shown(ws: Path, stem: str) -> str:
    from sektorplan.load.workspace import shown_path

    return shown_path(ws / "planer" / f"{stem}.yaml")


def test_changing_one_plan_renders_it_its_linked_plans_and_the_overview(
    ws: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ud"
    options = Options(out, formats=("md", "html"), jobs=1)
    build(ws, options)
    am = ws / "planer" / "am.yaml"
    am.write_text(am.read_text("utf-8").replace("Byggemodning af", "Byggemodning på"), "utf-8")
    outcome = build(ws, options)
    rendered = {p.name for p in outcome.rendered}
    # bs.yaml depends on AM-I1 (its document shows AM-I1's title); ks.yaml is linked to neither.
    assert {"am.md", "am.html", "bs.md", "bs.html", "oversigt.md", "oversigt.html"} <= rendered
    assert not {n for n in rendered if n.startswith("ks")}
    assert outcome.up_to_date == [f"{_shown(ws, 'ks')} (da)", f"{_shown(ws, 'ks')} (kl)"]
    assert "Byggemodning på skolegrunden" in _at(out / "kl", "bs.md").read_text("utf-8")
    # The site's pages that show AM's plan are made again; those that do not, are not.
    made = {p.relative_to(out / "da").as_posix() for p in outcome.rendered if "da" in p.parts}
    assert {"index.html", "steder/nuuk.html", "verdensmaal/index.html"} <= made
    assert "verdensmaal/9.html" not in made  # KS's goal alone
    assert "filer/ks-indikator-ks-1.1.a.csv" not in made and "planer/ks.html" not in made


def test_linked_plans_go_both_ways(ws: Path) -> None:
    plans = [p for p in load_workspace(ws).plans if p.plan is not None]
    links = {p.name: {q.name for q in qs} for p, qs in linked_plans(plans).items()}
    assert links == {"am.yaml": {"bs.yaml"}, "bs.yaml": {"am.yaml"}, "ks.yaml": set()}


def test_a_missing_output_or_a_new_format_is_rendered(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "ud"
    build(ws, Options(out, formats=("md",), jobs=1))
    _at(out / "kl", "ks.md").unlink()
    outcome = build(ws, Options(out, formats=("md", "html"), jobs=1))
    rendered = {p.relative_to(out).as_posix() for p in outcome.rendered}
    assert "da/ks.md" not in rendered
    rendered = {p.name for p in outcome.rendered}
    assert "ks.md" in rendered and "bs.html" in rendered and "oversigt.html" in rendered
    assert "bs.md" not in rendered  # unchanged, and still there


def test_clean_renders_all_and_removes_only_its_own_stale_files(ws: Path, tmp_path: Path) -> None:
    top = tmp_path / "ud"
    out = top / "da"
    build(ws, Options(top, formats=("md", "html"), jobs=1))
    (out / "noter.txt").write_text("mine", "utf-8")
    (ws / "planer" / "ks.yaml").unlink()
    kept = build(ws, Options(top, formats=("md", "html"), jobs=1))
    assert _at(out, "ks.md").exists() and not kept.removed  # without --clean: left alone
    result = _run(str(ws), "-o", str(top), "-f", "md,html", "--jobs", "1", "--clean")
    assert result.exit_code == 0, result.output
    assert "Fjernet:" in result.output
    assert not _at(out, "ks.md").exists() and not _at(out, "ks-tidslinje.png").exists()
    assert not (out / "filer" / "ks-indikator-ks-1.1.a.csv").exists()
    assert not (out / "verdensmaal" / "9.html").exists()
    assert (out / "noter.txt").read_text("utf-8") == "mine"
    assert _at(out, "bs.md").exists()
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))["outputs"]
    assert not [n for n in manifest if n.startswith("ks")]


def _entry_links(top: Path) -> list[str]:
    return re.findall(r'href="([^"]+)"', (top / "index.html").read_text("utf-8"))


def test_a_language_dropped_from_sprog_is_left_named_and_cleaned_by_clean(
    ws: Path, tmp_path: Path
) -> None:
    top = tmp_path / "ud"
    args = (str(ws), "-o", str(top), "-f", "md,html", "--jobs", "1")
    assert _run(*args).exit_code == 0
    kl = top / "kl"
    (kl / "noter.txt").write_text("mine", "utf-8")  # the user's own file
    _at(kl, "bs.md").write_text("rettet af en oversætter", "utf-8")  # changed since
    before = _names(kl)
    config = ws / "sektorplan.yaml"
    config.write_text(config.read_text("utf-8").replace("sprog: [da, kl]", "sprog: [da]"), "utf-8")

    # Without --clean: left as it is, said in the report, no longer linked.
    plain = _run(*args)
    assert plain.exit_code == 0, plain.output
    from sektorplan.load.workspace import shown_path

    # (the path as the tool shows it: relative or absolute, by how deep the current folder is)
    assert f"Dannes ikke længere: {shown_path(kl)}/ (sproget kl står ikke i sprog:" in plain.output
    assert "--clean" in plain.output
    assert _names(kl) == before
    assert _entry_links(top) == ["da/index.html"]
    assert "../kl/index.html" not in (top / "da" / "index.html").read_text("utf-8")

    # --clean: sektorplan's own files go, the user's stay; then the empty folders go.
    clean = _run(*args, "--clean")
    assert clean.exit_code == 0, clean.output
    assert f"Fjernet: {shown_path(kl / 'index.html')}" in clean.output
    assert "Dannes ikke længere" not in clean.output
    assert _names(kl) == {"noter.txt", "filer/bs.md"}
    assert (kl / "noter.txt").read_text("utf-8") == "mine"
    assert _at(kl, "bs.md").read_text("utf-8") == "rettet af en oversætter"
    assert {p.name for p in kl.iterdir()} == {"noter.txt", "filer"}  # no empty folder left
    assert _entry_links(top) == ["da/index.html"]
    assert _names(top / "da") and (top / "da" / MANIFEST).is_file()
    # Nothing of sektorplan's is left there: no more notes.
    again = _run(*args)
    assert again.exit_code == 0 and "Dannes ikke længere" not in again.output
    assert _names(kl) == {"noter.txt", "filer/bs.md"}


def test_clean_removes_a_language_sprog_leaves_out(ws: Path, tmp_path: Path) -> None:
    top = tmp_path / "ud"
    args = (str(ws), "-o", str(top), "-f", "md,html", "--jobs", "1")
    assert _run(*args).exit_code == 0
    # --sprog da without --clean: kl (still a workspace language) stays, linked, unnamed.
    plain = _run(*args, "--sprog", "da")
    assert plain.exit_code == 0 and "Dannes ikke længere" not in plain.output
    assert _entry_links(top) == ["da/index.html", "kl/index.html"]
    assert (top / "kl" / "index.html").is_file()
    # With --clean the folder holds what this build makes: kl is gone, folder and all.
    clean = _run(*args, "--sprog", "da", "--clean")
    assert clean.exit_code == 0, clean.output
    assert {p.name for p in top.iterdir()} == {"da", "index.html", MANIFEST}
    assert _entry_links(top) == ["da/index.html"]


def test_clean_leaves_a_language_folder_whose_manifest_is_damaged(ws: Path, tmp_path: Path) -> None:
    top = tmp_path / "ud"
    args = (str(ws), "-o", str(top), "-f", "md", "--jobs", "1")
    assert _run(*args).exit_code == 0
    (top / "kl" / MANIFEST).write_text("{ikke json", "utf-8")
    before = _names(top / "kl")
    result = _run(*args, "--sprog", "da", "--clean")
    assert result.exit_code == 1
    assert "kan ikke læses" in result.output and "Mappen er ikke ryddet." in result.output
    assert _names(top / "kl") == before


def test_a_file_the_build_did_not_make_is_not_overwritten(ws: Path, tmp_path: Path) -> None:
    top = tmp_path / "ud"
    out = top / "kl"
    _at(out, "bs.md").parent.mkdir(parents=True)
    _at(out, "bs.md").write_text("mit eget dokument", "utf-8")
    result = _run(str(ws), "-o", str(top), "-f", "md", "--jobs", "1")
    assert result.exit_code == 1
    assert "ikke lavet af sektorplan:" in result.output and "--force" in result.output
    assert _names(top) == {"kl/filer/bs.md"}
    assert _at(out, "bs.md").read_text("utf-8") == "mit eget dokument"
    forced = _run(str(ws), "-o", str(top), "-f", "md", "--jobs", "1", "--force")
    assert forced.exit_code == 0, forced.output
    assert _at(out, "bs.md").read_text("utf-8") != "mit eget dokument"


FAILING_FOR_AM = (
    '{% extends "standard/plan.md.j2" %}'
    '{% block front_page %}{% if plan.department.id == "AM" %}{{ ikke_her }}{% endif %}'
    "{{ super() }}{% endblock %}"
)


def test_one_failing_plan_does_not_stop_the_others(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws", **{"skabeloner/plan.md.j2": FAILING_FOR_AM})
    top = tmp_path / "ud"
    out = top / "da"
    result = _run(str(ws), "-o", str(top), "-f", "md", "--jobs", "1", "--sprog", "da")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Fejl:")]
    assert len(errors) == 1
    assert "am.yaml" in errors[0] and "ikke_her" in errors[0]
    assert (
        _at(out, "bs.md").is_file()
        and _at(out, "ks.md").is_file()
        and _at(out, "oversigt.md").is_file()
    )
    assert not _at(out, "am.md").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    # Fixed template: everything is rendered again (a template is an input of every plan).
    (ws / "skabeloner" / "plan.md.j2").write_text('{% extends "standard/plan.md.j2" %}', "utf-8")
    environment.cache_clear()  # a new process would read the template anew
    outcome = build(ws, Options(top, formats=("md",), jobs=1, languages=("da",)))
    assert outcome.errors == []
    assert {"am.md", "bs.md", "ks.md"} <= {p.name for p in outcome.rendered}


def test_errors_stop_the_build_and_warnings_do_not(tmp_path: Path) -> None:
    broken = _workspace(
        tmp_path / "broken", **{"planer/ks.yaml": KS.replace("forvaltning: KS", "forvaltning: XX")}
    )
    result = _run(str(broken), "-o", str(tmp_path / "a"), "--jobs", "1")
    assert result.exit_code == 1
    assert "SP201" in result.output and "Intet er dannet" in result.output
    assert not (tmp_path / "a").exists()

    warned = _workspace(
        tmp_path / "warned", **{"planer/ks.yaml": KS.replace("    ansvarlig: Ejendomme\n", "")}
    )
    result = _run(str(warned), "-o", str(tmp_path / "b"), "-f", "md", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "SP304" in result.output and _at(tmp_path / "b" / "da", "ks.md").exists()
    strict = _run(str(warned), "-o", str(tmp_path / "c"), "--strict", "--jobs", "1")
    assert strict.exit_code == 1 and not (tmp_path / "c").exists()


def test_usage_errors(ws: Path, tmp_path: Path) -> None:
    result = _run(str(ws), "-f", "md,odt")
    assert result.exit_code == 2 and "Ukendt format «odt»" in result.output
    result = _run(str(ws / "sektorplan.yaml"))
    assert result.exit_code == 2 and "er ikke en mappe" in result.output
    result = _run(str(ws), "--jobs", "0")
    assert result.exit_code == 2
    result = _run(str(ws), "-f", " , ")
    assert result.exit_code == 2 and "Angiv mindst ét format" in result.output
    assert "Ukendt format" not in result.output


def test_serial_and_parallel_builds_give_identical_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example workspace: each process draws its plans' charts after different others."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718841600")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    formats = ("md", "docx", "html", "xlsx")
    one = build(EXAMPLE, Options(serial, formats=formats, jobs=1, languages=("kl",)))
    two = build(EXAMPLE, Options(parallel, formats=formats, jobs=2, languages=("kl",)))
    assert one.errors == two.errors == []
    files = sorted(p.relative_to(serial).as_posix() for p in serial.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(parallel).as_posix() for p in parallel.rglob("*") if p.is_file()
    )
    expected = {"kl/filer/bs.docx", "kl/filer/oversigt.docx", "kl/filer/oversigt.xlsx"}
    assert expected | {"index.html", "kl/index.html", "kl/steder/nuuk.html"} <= set(files)
    for name in files:
        assert (serial / name).read_bytes() == (parallel / name).read_bytes(), name


def test_documents_are_those_render_makes_from_the_whole_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job sees only its plan and the plans linked with it (the incremental rule). If a
    plan's document ever showed something from an unlinked plan, this would fail: then the
    rule in build.py must take that into account."""
    from sektorplan.build.site import plan_frame, switch_languages
    from sektorplan.render import render_plan

    from ..conftest import EXAMPLE

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718841600")
    built = tmp_path / "build"
    options = Options(built, formats=("md", "html"), jobs=1, languages=("da",))
    assert build(EXAMPLE, options).errors == []
    built = built / "da"
    whole = load_workspace(EXAMPLE)
    rendered = tmp_path / "render"
    for plan_file in whole.plans:
        # As build renders it (into the site's folders, the HTML in the site's frame), but
        # from the whole workspace.
        site = plan_frame(whole, plan_file, "da", switch_languages(whole, "da"))
        made = render_plan(whole, plan_file, ["md", "html"], rendered, layout=SITE, site=site)
        for path in made:
            name = path.relative_to(rendered)
            assert path.read_bytes() == (built / name).read_bytes(), name


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_build_leaves_files_the_next_build_knows(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """Ctrl-C while this process renders (with --jobs 2 a worker renders beside it)."""
    from sektorplan.build import pool

    top = tmp_path / "ud"
    out = top / "da"
    real = pool.render_job
    calls = []

    def interrupted(*args, **kwargs):
        if calls:
            raise KeyboardInterrupt  # Ctrl-C after the first job
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pool, "render_job", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(ws, Options(top, formats=("md",), jobs=jobs, languages=("da",)))
    assert _at(out, "oversigt.md").is_file()
    assert not list(out.glob(".*.tmp"))  # no half-written file
    monkeypatch.setattr(pool, "render_job", real)
    again = build(
        ws, Options(top, formats=("md",), jobs=jobs, languages=("da",))
    )  # no "not made by build" refusal
    # What the interrupted build was making is made again; nothing is refused as foreign.
    assert again.errors == [] and {"am.md", "bs.md", "ks.md"} <= {p.name for p in again.rendered}


def test_workers_start_early_for_a_fresh_build_and_not_when_nothing_is_to_be_done(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sektorplan import build as building

    counts: list[int] = []
    real = building.pool.Pool.__init__

    def spy(self: building.pool.Pool, workers: int, *, early: int = 0) -> None:
        counts.append(early)
        real(self, workers, early=early)

    monkeypatch.setattr(building.pool.Pool, "__init__", spy)
    out = tmp_path / "out"
    assert build(ws, Options(out, formats=("md",), jobs=8)).errors == []
    plans = len(list((ws / "planer").glob("*.yaml")))
    assert plans == 3 and counts == [4]  # no manifest yet: a worker a job, not eight

    def refuse(self: building.pool.Pool, count: int) -> None:
        raise AssertionError("no worker is needed")

    monkeypatch.setattr(building.pool.Pool, "open", refuse)

    def no_rendering() -> None:
        raise AssertionError("nothing is to be rendered: no heavy modules to load")

    monkeypatch.setattr(building.pool, "rendering_here", no_rendering)
    again = build(ws, Options(out, formats=("md",), jobs=2))
    assert again.errors == [] and again.rendered == [] and again.up_to_date
    assert counts == [4, 0]


def test_jobs_a_broken_pool_cannot_take_are_rendered_by_the_main_process(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from sektorplan import build as building

    class Broken:
        def submit(self, *args: object) -> None:
            raise BrokenProcessPool("A child process terminated abruptly")

    monkeypatch.setattr(building.pool.Pool, "for_jobs", lambda self, count: Broken())
    outcome = build(ws, Options(tmp_path / "out", formats=("md",), jobs=2))
    assert outcome.errors == []
    assert {"oversigt.md", "am.md", "bs.md", "ks.md"} <= {p.name for p in outcome.rendered}


def test_jobs_of_a_worker_that_died_fail_in_danish_and_the_others_are_rendered(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from sektorplan import build as building

    class Dying:
        def submit(self, *args: object) -> Future[object]:
            future: Future[object] = Future()
            future.set_exception(BrokenProcessPool("A child process terminated abruptly"))
            return future

    monkeypatch.setattr(building.pool.Pool, "for_jobs", lambda self, count: Dying())
    outcome = build(ws, Options(tmp_path / "out", formats=("md",), jobs=2, languages=("da",)))
    # The worker had the overview, and was given no more; this process rendered the plans.
    assert len(outcome.errors) == 1
    assert all("arbejdsprocessen stoppede" in e and "--jobs 1" in e for e in outcome.errors)
    assert any(e.startswith("Den samlede oversigt (da) kunne ikke dannes") for e in outcome.errors)
    assert not [e for e in outcome.errors if "child process" in e or "abruptly" in e]
    assert {p.name for p in outcome.rendered if p.suffix == ".md"} == {"am.md", "bs.md", "ks.md"}


def test_workers_started_early_are_stopped_when_the_workspace_has_errors(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sektorplan.internals import processpool

    stopped: list[object] = []
    real = processpool.stop_workers
    monkeypatch.setattr(processpool, "stop_workers", lambda ex: (stopped.append(ex), real(ex)))
    fine = build(ws, Options(tmp_path / "fine", formats=("md",), jobs=2))
    assert fine.errors == [] and stopped == []  # they were given jobs: waited for
    (ws / "planer" / "ks.yaml").write_text("format: 1\nforvaltning: [\n", encoding="utf-8")
    broken = build(ws, Options(tmp_path / "broken", formats=("md",), jobs=2))
    assert broken.stopped and broken.rendered == []
    assert len(stopped) == 1  # started before validating, never given a job: stopped


def _no_traceback(result) -> None:
    assert isinstance(result.exception, SystemExit) or result.exception is None, result.exception
    assert "Traceback" not in result.output


def test_clean_never_removes_a_file_outside_the_output_folder(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "ud"
    build(ws, Options(out, formats=("md",), jobs=1))
    precious = tmp_path / "vigtig.txt"
    precious.write_text("behold mig", "utf-8")
    (out / "under").mkdir()
    nested = out / "under" / "fil.txt"
    nested.write_text("også mig", "utf-8")
    data = json.loads((out / MANIFEST).read_text("utf-8"))
    for name in ("../vigtig.txt", str(precious), "under/fil.txt", "..", "."):
        data["outputs"][name] = ""
    (out / MANIFEST).write_text(json.dumps(data), "utf-8")
    assert not [n for n in manifest_file.read(out) if "/" in n or n in (".", "..")]
    # A language's manifest names files in the site's sub-folders, and nothing deeper.
    site = out / "da"
    (site / "filer" / "under").mkdir()
    deeper = site / "filer" / "under" / "fil.txt"
    deeper.write_text("og mig", "utf-8")
    data = json.loads((site / MANIFEST).read_text("utf-8"))
    names = ["filer/under/fil.txt", "../vigtig.txt", "filer/../../vigtig.txt", "under/fil.txt"]
    for name in [*names, "filer//x", "planer/", "C:x"]:
        data["outputs"][name] = ""
    (site / MANIFEST).write_text(json.dumps(data), "utf-8")
    read = manifest_file.read(site)
    assert "filer/bs.md" in read and not [n for n in read if n in names or "//" in n]
    assert not [n for n in read if n.endswith("/") or ":" in n]
    result = _run(str(ws), "-o", str(out), "-f", "md", "--jobs", "1", "--clean")
    assert result.exit_code == 0, result.output
    assert precious.read_text("utf-8") == "behold mig"
    assert nested.read_text("utf-8") == "også mig"
    assert deeper.read_text("utf-8") == "og mig"
    kept = json.loads((out / MANIFEST).read_text("utf-8"))["outputs"]
    assert not [n for n in kept if "/" in n or n in (".", "..")]


def test_remove_stale_refuses_a_path_outside_the_folder(tmp_path: Path) -> None:
    from sektorplan.build.manifest import content_digest, remove_stale

    out = tmp_path / "ud"
    out.mkdir()
    outside = tmp_path / "x.md"
    outside.write_text("min", "utf-8")
    (out / "gammel.md").write_text("gammel", "utf-8")
    errors: list[str] = []
    manifest = {"../x.md": "", str(outside): "", "gammel.md": ""}
    contents = {name: content_digest(outside) or "" for name in manifest}
    contents["gammel.md"] = content_digest(out / "gammel.md") or ""
    removed = remove_stale(out, manifest, set(), errors, contents)
    assert removed == [out / "gammel.md"] and errors == [] and manifest == {}
    assert outside.read_text("utf-8") == "min"


def test_remove_stale_follows_no_link_out_of_the_folder(tmp_path: Path) -> None:
    from sektorplan.build.manifest import remove_stale

    out, elsewhere = tmp_path / "ud", tmp_path / "andet"
    elsewhere.mkdir()
    theirs = elsewhere / "x.md"
    theirs.write_text("min", "utf-8")
    (out / "planer").mkdir(parents=True)
    (out / "filer").symlink_to(elsewhere, target_is_directory=True)
    old = out / "planer" / "gammel.html"
    old.write_text("gammel", "utf-8")
    errors: list[str] = []
    from sektorplan.build.manifest import bytes_digest

    manifest = {"filer/x.md": "", "planer/gammel.html": ""}
    contents = {"filer/x.md": bytes_digest(b"min"), "planer/gammel.html": bytes_digest(b"gammel")}
    assert remove_stale(out, manifest, set(), errors, contents) == [old] and errors == []
    assert theirs.read_text("utf-8") == "min" and not old.exists()


def test_an_output_folder_that_cannot_be_made_is_a_danish_error(ws: Path, tmp_path: Path) -> None:
    (tmp_path / "afil").write_text("", "utf-8")
    result = _run(str(ws), "-o", str(tmp_path / "afil" / "sub"), "-f", "md", "--jobs", "1")
    assert result.exit_code == 1
    _no_traceback(result)
    assert "kan ikke skrives (en del af stien er ikke en mappe)" in result.output
    assert "Intet er dannet" in result.output


def test_a_document_that_cannot_be_written_names_its_plan_and_path(
    ws: Path, tmp_path: Path
) -> None:
    top = tmp_path / "ud"
    out = top / "da"
    _at(out, "bs.md").mkdir(parents=True)
    _at(out, "oversigt.md").mkdir()
    result = _run(str(ws), "-o", str(top), "-f", "md", "--jobs", "1", "--force", "--sprog", "da")
    assert result.exit_code == 1
    _no_traceback(result)
    errors = [line for line in result.output.splitlines() if line.startswith("Fejl:")]
    assert len(errors) == 2, result.output
    assert not [e for e in errors if "intern fejl" in e or "Rapportér" in e]
    assert any(
        "bs.yaml: " in e and "bs.md kan ikke skrives (det er en mappe)." in e for e in errors
    )
    assert any(
        e.startswith("Fejl: oversigt (da): ") and "oversigt.md kan ikke skrives" in e
        for e in errors
    )
    assert _at(out, "ks.md").is_file() and (out / "index.html").is_file()


def test_a_manifest_that_cannot_be_written_stops_the_build(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    out = tmp_path / "ud"
    build(ws, Options(out, formats=("md",), jobs=1))

    def full(out_dir: Path, manifest: dict[str, str], contents: object = None) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(out_dir / MANIFEST))

    monkeypatch.setattr(manifest_file, "write", full)
    (ws / "planer" / "ks.yaml").write_text(KS.replace("Koncernplan", "Koncernplanen"), "utf-8")
    outcome = build(ws, Options(out, formats=("md",), jobs=1))
    assert any(
        MANIFEST in e and "kan ikke skrives (der er ikke mere plads på drevet)" in e
        for e in outcome.errors
    ), outcome.errors
    assert outcome.exit_code == 1 and outcome.stopped


@pytest.mark.parametrize("template", ["{% if %}", "{{ nope }}"])
def test_a_broken_site_template_is_an_error_not_a_traceback(tmp_path: Path, template: str) -> None:
    ws = _workspace(tmp_path / "ws", **{"skabeloner/site/index.html.j2": template})
    out = tmp_path / "ud"
    result = _run(str(ws), "-o", str(out), "-f", "md", "--jobs", "1")
    assert result.exit_code == 1
    _no_traceback(result)
    assert "index.html.j2:1" in result.output and "index.html er ikke dannet" in result.output
    assert _at(out / "da", "bs.md").is_file() and not (out / "da" / "index.html").exists()
    assert (out / "index.html").is_file()  # the entry page has a template of its own
    assert (out / "da" / "steder" / "nuuk.html").is_file()  # the other pages are made


def test_a_changed_source_date_epoch_renders_again(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = tmp_path / "ud"
    out = top / "da"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    build(ws, Options(top, formats=("docx",), jobs=1, languages=("da",)))
    before = _at(out, "bs.docx").read_bytes()
    assert build(ws, Options(top, formats=("docx",), jobs=1, languages=("da",))).rendered == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    again = build(ws, Options(top, formats=("docx",), jobs=1, languages=("da",)))
    assert _at(out, "bs.docx") in again.rendered
    assert _at(out, "bs.docx").read_bytes() != before


def test_a_damaged_manifest_is_named_and_force_makes_it_anew(ws: Path, tmp_path: Path) -> None:
    top = tmp_path / "ud"
    out = top / "kl"
    build(ws, Options(top, formats=("md",), jobs=1))
    (out / MANIFEST).write_text("{ ødelagt", "utf-8")
    before = _at(out, "bs.md").read_bytes()
    result = _run(str(ws), "-o", str(top), "-f", "md", "--jobs", "1")
    assert result.exit_code == 1
    _no_traceback(result)
    assert f"{MANIFEST} kan ikke læses" in result.output and "--force" in result.output
    assert "ikke lavet af sektorplan" not in result.output
    assert (out / MANIFEST).read_text("utf-8") == "{ ødelagt"
    assert _at(out, "bs.md").read_bytes() == before
    forced = _run(str(ws), "-o", str(top), "-f", "md", "--jobs", "1", "--force")
    assert forced.exit_code == 0, forced.output
    assert "filer/bs.md" in json.loads((out / MANIFEST).read_text("utf-8"))["outputs"]


@pytest.mark.parametrize(("plan", "paused"), [(Path("planer/a.yaml"), True), (None, False)])
def test_a_plan_job_pauses_automatic_collection_and_collects_at_its_end(
    monkeypatch: pytest.MonkeyPatch, plan: Path | None, paused: bool
) -> None:
    """A worker's plan job runs without the collector's automatic passes; the overview (of
    every plan, the largest job) keeps them. Either way they are on again afterwards."""
    import gc

    from sektorplan.build import pool

    seen: list[bool] = []
    collected: list[int] = []
    monkeypatch.setattr(pool, "job_workspace", lambda base, plans: None)
    monkeypatch.setattr(pool, "render_job", lambda *args: seen.append(gc.isenabled()) or ([], None))
    real_collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *a: collected.append(1) or real_collect(*a))
    job = pool.Job("x", plan, ("md",), {})
    assert gc.isenabled()
    pool.work(None, job, [], Options(out_dir=Path("build")), ("md",))  # type: ignore[arg-type]
    assert seen == [not paused]
    assert gc.isenabled()
    assert collected


def test_a_plan_named_as_the_overview_stops_the_build(ws: Path, tmp_path: Path) -> None:
    (ws / "planer" / "ks.yaml").rename(ws / "planer" / "oversigt.yaml")
    outcome = build(ws, Options(tmp_path / "ud"))
    assert outcome.stopped and outcome.exit_code == 1
    assert outcome.errors == [
        f"{_shown(ws, 'oversigt')} ville give oversigt.*, som er navnet på den samlede "
        "oversigt. Omdøb planfilen. Intet er dannet."
    ]
    assert not (tmp_path / "ud").exists()


def test_two_plans_with_the_same_file_name_stop_the_build(ws: Path, tmp_path: Path) -> None:
    config = ws / "sektorplan.yaml"
    config.write_text(config.read_text("utf-8") + "planer: planer/**/*.yaml\n", "utf-8")
    (ws / "planer" / "gammel").mkdir()
    (ws / "planer" / "ks.yaml").rename(ws / "planer" / "gammel" / "bs.yaml")
    outcome = build(ws, Options(tmp_path / "ud"))
    assert outcome.stopped and outcome.exit_code == 1
    [error] = outcome.errors
    assert "ville begge blive til bs.*. Omdøb den ene. Intet er dannet." in error
    assert "bs.yaml og " in error and "gammel" in error
    assert not (tmp_path / "ud").exists()


def test_the_sdg_translations_under_a_decomposed_name_are_an_input(
    ws: Path, tmp_path: Path
) -> None:
    import unicodedata

    from sektorplan.check.examples import BASE_SDG

    texts = ws / unicodedata.normalize("NFD", "verdensmål.yaml")  # as macOS may write it
    assert texts.name != "verdensmål.yaml"
    texts.write_text(BASE_SDG, "utf-8")
    out = tmp_path / "ud"
    assert build(ws, Options(out)).exit_code == 0
    assert build(ws, Options(out)).rendered == []
    texts.write_text(BASE_SDG.replace("Den officielle danske tekst", "Den nye tekst"), "utf-8")
    again = build(ws, Options(out))
    assert again.exit_code == 0 and again.up_to_date == [] and again.rendered


def test_a_plans_jobs_in_every_language_go_together_the_overviews_first_each_alone() -> None:
    from sektorplan.build.jobs import Job
    from sektorplan.build.pool import bundled

    def job(plan: str | None, language: str) -> Job:
        name = f"{plan or 'oversigt'} ({language})"
        return Job(name, Path(plan) if plan else None, ("md",), {}, language)

    # As the build orders them: every language's overview first, then the plans'.
    jobs = [job(None, "da"), job(None, "kl"), job("a", "da"), job("b", "da"), job("a", "kl")]
    jobs.append(job("b", "kl"))
    assert [[j.name for j in bundle] for bundle in bundled(jobs)] == [
        ["oversigt (da)"],
        ["oversigt (kl)"],
        ["a (da)", "a (kl)"],
        ["b (da)", "b (kl)"],
    ]
