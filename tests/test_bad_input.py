"""The bad inputs of issue 13, one by one: ``run`` and ``validate`` both refuse each with one line.

Each case is exit status 2, exactly one line on stderr naming the file, key or row, no
traceback, and nothing written (docs/RELIABILITY.md, section 2).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL_HOLDINGS, START, budget_rows, small_world_doc, to_toml

from model.cli import main


def call(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


def arrangement(**kw: Any) -> dict[str, Any]:
    row = {"id": "A1", "capability": "fighters", "form": "pooling", "members": "NLD;BEL",
           "lead": "NLD", "start_year": 2010}  # fmt: skip
    return {**row, **kw}


def doc_with(**changes: Any) -> dict[str, Any]:
    doc = small_world_doc(start=START, end=START + 3)
    for key, value in changes.items():
        if key.startswith("data."):
            doc["data"][key[5:]] = value
        else:
            doc[key] = value
    return doc


CRISIS = {"year": 2013, "name": "c", "intensity": 0.5, "lat": 50.0, "lon": 10.0,
          "areas": ["fighters"]}  # fmt: skip

PATH_ROW = {"capability": "fighters", "year": 2013, "factor": 1.5}

CASES: dict[str, tuple[Any, str]] = {
    "member listed twice": (doc_with(**{"data.arrangements": [arrangement(members="NLD;NLD")]}),
                            "listed twice"),
    "one member": (doc_with(**{"data.arrangements": [arrangement(members="NLD")]}), "two"),
    "duplicate arrangement ids": (
        doc_with(**{"data.arrangements": [arrangement(), arrangement(capability="frigates")]}),
        "appears twice"),
    "duplicate budget rows": (
        doc_with(**{"data.budget_index": budget_rows(["NLD"], 0.0, 2012, 2013) * 2}),
        "appears twice"),
    "duplicate holdings rows": (
        doc_with(**{"data.holdings": SMALL_HOLDINGS + SMALL_HOLDINGS[:1]}), "appears twice"),
    "crisis at latitude 999": (doc_with(crises=[{**CRISIS, "lat": 999.0}]), "lat"),
    "crisis in 3000": (doc_with(crises=[{**CRISIS, "year": 3000}]), "2100"),
    "crisis before the first year": (doc_with(crises=[{**CRISIS, "year": 2000}]), "first year"),
    "arrangement starting after 2100": (
        doc_with(**{"data.arrangements": [arrangement(start_year=2150)]}), "2100"),
    "exclude_states = 5": (doc_with(exclude_states=5), "exclude_states"),
    "blank budget cell": (
        doc_with(**{"data.budget_index": [{"iso3": "NLD", "year": 2012, "index": ""}]}), "row 1"),
    "nan holding": (
        doc_with(**{"data.holdings": [{**SMALL_HOLDINGS[0], "quantity": "nan"}]}), "finite"),
    "inf state budget": (
        doc_with(**{"data.states": None}), "budget_2012_musd"),
    "name is a path": (doc_with(name="../victim"), "identifier"),
    # found by the CI-sized fuzz run: a finite but huge index overflowed the alliance's total
    "budget index 1e308": (
        doc_with(**{"data.budget_index": [{"iso3": "NLD", "year": 2012, "index": 1e308}]}),
        "index"),
    "holding 1e300": (
        doc_with(**{"data.holdings": [{**SMALL_HOLDINGS[0], "quantity": 1e300}]}), "quantity"),
    # the requirement path (ODD 7.2): a factor on the 2012 requirement, a known area, one row
    "requirement factor 0": (
        doc_with(**{"data.requirement_path": [PATH_ROW | {"factor": 0}]}), "factor"),
    "requirement path of an unknown area": (
        doc_with(**{"data.requirement_path": [PATH_ROW | {"capability": "lasers"}]}), "lasers"),
    "requirement path row twice": (
        doc_with(**{"data.requirement_path": [PATH_ROW, PATH_ROW]}), "appears twice"),
    "requirement path in 3000": (
        doc_with(**{"data.requirement_path": [PATH_ROW | {"year": 3000}]}), "2100"),
}  # fmt: skip


def _write(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "bad.toml"
    if isinstance(doc, bytes):
        path.write_bytes(doc)
        return path
    if doc["data"].get("states") is None:
        states = [dict(r) for r in small_world_doc()["data"]["states"]]
        states[0]["budget_2012_musd"] = "inf"
        doc["data"]["states"] = states
    path.write_text(to_toml(doc))
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_run_and_validate_refuse_with_one_line(tmp_path: Path, case: str) -> None:
    doc, expected = CASES[case]
    path = _write(tmp_path, doc)
    out = tmp_path / "results" / "run"
    for argv in (["validate", str(path)], ["run", str(path), "--no-figures", "--out", str(out)]):
        code, err = call(argv)
        lines = err.strip().splitlines()
        assert code == 2 and len(lines) == 1, (argv[0], err)
        assert expected in lines[0] and "Traceback" not in err, lines[0]
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\xff\xfe" * 50, Path("/etc/passwd").read_bytes()],
    ids=["empty", "binary", "passwd"],
)
def test_data_csv_that_is_not_csv_is_one_line(tmp_path: Path, content: bytes) -> None:
    csv = tmp_path / "budget.csv"
    csv.write_bytes(content)
    doc = small_world_doc(start=START, end=START + 2)
    doc["data"]["budget_index"] = str(csv)
    path = tmp_path / "s.toml"
    path.write_text(to_toml(doc))
    code, err = call(["validate", str(path)])
    assert code == 2 and len(err.strip().splitlines()) == 1 and str(csv) in err


def test_binary_scenario_toml_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "b.toml"
    path.write_bytes(bytes(range(256)) * 4)
    code, err = call(["run", str(path)])
    assert code == 2 and len(err.strip().splitlines()) == 1 and "TOML" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--set", "crises.random_rate=inf"], "finite"),
        (["--set", "crises.random_rate=nan"], "finite"),
        (["--set", "crises.random_rate=1e300"], "less than or equal"),
        (["--seed", "-1"], "--seed"),
        (["--years", "1990:1995"], "first year"),
        (["--years", "2095:2100"], "first year"),
        (["--years", "2012:2101"], "2100"),
        (["--set", "simulation.start_year=2013"], "first year"),
    ],
)
def test_reference_overrides_refused_with_one_line(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    code, err = call(["run", "reference_2012", "--out", str(tmp_path / "r"), *args])
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and expected in lines[0], err
    assert not (tmp_path / "r").exists()


def test_events_after_the_last_year_are_ignored_with_one_note(tmp_path: Path) -> None:
    doc = doc_with(
        crises=[{**CRISIS, "year": 2050}],
        **{"data.arrangements": [arrangement(start_year=2050)]},
    )
    path = tmp_path / "late.toml"
    path.write_text(to_toml(doc))
    code, err = call(["run", str(path), "--no-figures", "--out", str(tmp_path / "r")])
    assert code == 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coopsim: note:")
    assert "1 crisis, 1 arrangement" in lines[0]
