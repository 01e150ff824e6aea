"""SOURCE_DATE_EPOCH that cannot be used is a message naming the variable (exit 2), never a
traceback nor silently the time now."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sektorplan.paths import MAX_EPOCH, SettingError, build_time

from ..conftest import run


@pytest.mark.parametrize(
    "value", ["abc", "1.5", "-1", "99999999999999999999999", str(MAX_EPOCH + 1), "١٢٣"]
)
@pytest.mark.parametrize("command", [["build", "-f", "md"], ["render", "planer/bs.yaml"]])
def test_an_unusable_source_date_epoch_names_the_variable(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, value: str, command: list[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run(command, workspace)
    assert result.exit_code == 2, result.output
    assert "Fejl: Miljøvariablen SOURCE_DATE_EPOCH er «" in result.stderr
    assert "Traceback" not in result.output
    assert not (workspace / "build").exists()


def test_the_range_ends_where_zip_dates_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MAX_EPOCH))
    assert build_time().year == 2107
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 0 ")
    assert build_time() == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "x" * 1000)
    with pytest.raises(SettingError) as caught:
        build_time()
    assert len(str(caught.value)) < 400


def test_an_empty_source_date_epoch_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert abs(build_time() - dt.datetime.now(tz=dt.UTC)) < dt.timedelta(minutes=1)
