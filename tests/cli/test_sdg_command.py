"""`sektorplan sdg`: the goals, targets and indicators a planner refers to."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sektorplan.cli import sdg as sdg_command
from sektorplan.cli.app import app
from sektorplan.model.sdg import catalogue

runner = CliRunner()


def sdg(*args: str):
    return runner.invoke(app, ["sdg", *args])


def test_lists_the_goals_with_number_danish_title_and_colour() -> None:
    result = sdg()
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == " 1  Afskaf fattigdom  #E5243B"
    assert " 4  Kvalitetsuddannelse  #C5192D" in lines
    assert sum(1 for line in lines if "  #" in line) == 17
    assert "\x1b[" not in result.stdout  # no terminal: no colour codes


def test_one_goal_shows_its_targets_and_indicators() -> None:
    result = sdg("--mål", "11")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("11  Bæredygtige byer og lokalsamfund")
    assert "\n    11.6  By 2030, reduce the adverse per capita environmental impact" in out
    assert "\n        11.6.1  Proportion of municipal solid waste" in out
    assert "\n    11.a  " in out
    assert "12.1" not in out


def test_english_texts_are_marked() -> None:
    for line in sdg("--mål", "4").stdout.splitlines()[1:]:
        assert line.endswith(sdg_command.ENGLISH), line


def test_search_by_id_finds_the_target_and_its_indicators() -> None:
    result = sdg("4.2")
    assert result.exit_code == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert ids == ["4", "4.2", "4.2.1", "4.2.2"]
    assert [line.split()[0] for line in sdg("4.2.2").stdout.splitlines()] == ["4", "4.2", "4.2.2"]


def test_search_by_text_ignores_case() -> None:
    out = sdg("WASTE").stdout
    assert "\n    11.6  " in out
    assert "\n    12.5  " in out
    assert "\n        12.5.1  National recycling rate" in out
    assert " 2  Stop sult" not in out


def test_search_finds_danish_goal_titles() -> None:
    assert sdg("fattigdom").stdout.splitlines() == [" 1  Afskaf fattigdom  #E5243B"]


def test_search_within_one_goal() -> None:
    out = sdg("waste", "--mål", "12").stdout
    assert out.startswith("12  Ansvarligt forbrug og produktion")
    assert "11.6" not in out


def test_nothing_found_says_the_texts_are_english() -> None:
    result = sdg("affald")
    assert result.exit_code == 0
    assert "Intet fundet for «affald»" in result.stdout
    assert "engelsk" in result.stdout


def test_unknown_goal_is_a_usage_error() -> None:
    result = sdg("--mål", "18")
    assert result.exit_code == 2
    assert "Verdensmål 18 findes ikke" in result.stderr
    result = sdg("--mål", "elleve")
    assert result.exit_code == 2
    assert "skriv et helt tal" in result.stderr


def test_ids_are_found_whatever_their_case() -> None:
    ids = [line.split()[0] for line in sdg("14.A").stdout.splitlines()]
    assert ids[:3] == ["14", "14.a", "14.a.1"]
    assert sdg(" 14.A.1 ").stdout == sdg("14.a.1").stdout
    assert sdg("04").stdout == sdg("4").stdout


def test_an_unknown_number_is_the_same_usage_error_as_an_unknown_goal() -> None:
    by_search, by_option = sdg("99"), sdg("--mål", "99")
    assert by_search.exit_code == by_option.exit_code == 2
    assert by_search.stderr == by_option.stderr
    assert "Verdensmål 99 findes ikke. Vælg et mål fra 1 til 17." in by_search.stderr
    assert by_search.stdout == ""


def test_an_unknown_target_or_indicator_says_where_to_look() -> None:
    result = sdg("4.9")
    assert result.exit_code == 2
    assert "Delmål 4.9 findes ikke" in result.stderr
    assert "sektorplan sdg --mål 4" in result.stderr
    result = sdg("4.2.9")
    assert result.exit_code == 2
    assert "Indikator 4.2.9 findes ikke" in result.stderr
    assert "sektorplan sdg 4.2" in result.stderr
    result = sdg("4.2", "--mål", "12")
    assert result.exit_code == 2
    assert "Delmål 4.2 hører til verdensmål 4, ikke 12" in result.stderr


def test_coloured_output_shows_the_same_text(capsys) -> None:
    sdg_command.print_coloured(sdg_command.overview(catalogue())[:2])
    out = capsys.readouterr().out
    assert "1  Afskaf fattigdom  #E5243B" in out
    assert "2  Stop sult  #DDA63A" in out


@pytest.mark.parametrize("number", ["99999999999999999999", "123", "9" * 5000])
def test_a_long_unknown_number_is_a_usage_error_too(number: str) -> None:
    result = sdg(number)
    assert result.exit_code == 2
    assert "Verdensmål " in result.stderr and "findes ikke" in result.stderr
    assert len(result.stderr) < 200


def test_a_number_the_texts_hold_is_still_searched() -> None:
    result = sdg("2030")
    assert result.exit_code == 0
    assert "By 2030" in result.stdout


def test_a_dotted_number_no_id_has_is_a_usage_error() -> None:
    result = sdg("4.100")
    assert result.exit_code == 2
    assert "«4.100» er hverken et delmål eller en indikator" in result.stderr
