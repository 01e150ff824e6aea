"""Whatever is in a file, validation answers with findings, never with a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sektorplan.check.examples import BASE_FILES
from sektorplan.check.validate import validate

from ..conftest import write_files

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(plan: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_files(Path(tmp), {**BASE_FILES, "planer/bs.yaml": plan})
        result = validate([root])
        for finding in result.findings:
            assert finding.message and finding.line >= 1 and finding.column >= 1


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes(raw: bytes) -> None:
    check(raw)


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))


KEYS = [
    "format",
    "forvaltning",
    "titel",
    "mål",
    "delmål",
    "id",
    "indikatorer",
    "målværdier",
    "basis",
    "år",
    "værdi",
    "indsatser",
    "afhænger-af",
    "bidrager-til",
    "økonomi",
    "anlæg",
    "verdensmål",
    "status",
    "start",
    "slut",
    "x",
    "2027",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 3000),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["BS-1", "AM-I1", "4.1", "17.10", "vedtaget", "op"]),
    st.dates(),
)
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.integers(2020, 2040)), children, max_size=5
        ),
    ),
    max_leaves=25,
)


@SETTINGS
@given(STRUCTURES)
def test_arbitrary_yaml_structures(data: object) -> None:
    check(yaml.safe_dump(data, allow_unicode=True).encode())


@SETTINGS
@given(st.data())
def test_a_valid_plan_with_one_value_replaced(data: st.DataObject) -> None:
    plan = yaml.safe_load(BASE_FILES["planer/bs.yaml"])
    node = plan
    while isinstance(node, dict | list) and node:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = data.draw(st.sampled_from(keys))
        if not isinstance(node[key], dict | list) or data.draw(st.booleans()):
            node[key] = data.draw(STRUCTURES)
            break
        node = node[key]
    check(yaml.safe_dump(plan, allow_unicode=True).encode())
