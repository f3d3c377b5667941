"""Bad input on the command line: exit 2, one line on stderr naming the file or key, no
traceback, nothing written. And the --out/--force rules of the contract."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest
from conftest import COOPSIM, ROOT, SMALL_HOLDINGS, SMALL_STATES, small_world_doc, to_toml

from model.cli import main


def run_cli(capsys, argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def doc_with(**changes):
    doc = small_world_doc(budget_rate=None, end=2014)
    for key, value in changes.items():
        doc[key] = value
    return doc


def bad_docs():
    """(id, document, text the error line must contain besides the path)."""
    unknown_key = doc_with(colour="blue")
    unknown_state = doc_with()
    unknown_state["data"]["holdings"] = SMALL_HOLDINGS + [
        {"iso3": "XYZ", "capability": "fighters", "quantity": 3.0}
    ]
    unknown_cap = doc_with()
    unknown_cap["data"]["holdings"] = SMALL_HOLDINGS + [
        {"iso3": "NLD", "capability": "tanks", "quantity": 3.0}
    ]
    text_budget = doc_with()
    states = copy.deepcopy(SMALL_STATES)
    states[0]["budget_2012_musd"] = "lots"
    text_budget["data"]["states"] = states
    negative = doc_with()
    states = copy.deepcopy(SMALL_STATES)
    states[1]["budget_2012_musd"] = -5.0
    negative["data"]["states"] = states
    member = doc_with()
    member["data"]["arrangements"] = [
        {"id": "X1", "capability": "fighters", "form": "pooling", "members": "NLD;FRA",
         "lead": "NLD", "start_year": 2010}
    ]
    backwards = small_world_doc(budget_rate=None, start=2030, end=2012)
    unknown_param = doc_with()
    unknown_param["params"]["budgets"] = {"max_cut_rat": 0.1}
    bad_param = doc_with()
    bad_param["params"]["budgets"] = {"max_cut_rate": 1.5}
    return [
        ("unknown-top-level-key", unknown_key, "colour"),
        ("unknown-state-in-holdings", unknown_state, "XYZ"),
        ("unknown-capability", unknown_cap, "tanks"),
        ("budget-as-text", text_budget, "budget_2012_musd"),
        ("negative-budget", negative, "budget_2012_musd"),
        ("arrangement-member-not-in-scenario", member, "FRA"),
        ("end-year-before-start-year", backwards, "simulation"),
        ("unknown-parameter", unknown_param, "max_cut_rat"),
        ("parameter-out-of-range", bad_param, "max_cut_rate"),
    ]


def assert_bad_input(code, out, err, *must_contain):
    assert code == 2, (code, err)
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for text in must_contain:
        assert text in lines[0], (text, lines[0])


@pytest.mark.parametrize("case", bad_docs(), ids=lambda c: c[0])
@pytest.mark.parametrize("command", ["run", "validate"])
def test_bad_scenario_file(capsys, tmp_path, case, command):
    _, doc, needle = case
    path = tmp_path / "bad.toml"
    path.write_text(to_toml(doc))
    out_dir = tmp_path / "out"
    argv = [command, path] + (["--out", out_dir, "--no-figures"] if command == "run" else [])
    code, out, err = run_cli(capsys, argv)
    assert_bad_input(code, out, err, str(path), needle)
    assert not out_dir.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


@pytest.mark.parametrize(
    "extra, needle",
    [
        (["--years", "2030:2012"], "--years"),
        (["--years", "2012-2016"], "--years"),
        (["--set", "budgets.no_such_key=1"], "budgets.no_such_key"),
        (["--set", "nonsense.key=1"], "nonsense.key"),
        (["--set", "policy.nato_consultation"], "policy.nato_consultation"),
        (["--set", "budgets.max_cut_rate=lots"], "max_cut_rate"),
        (["--set", "simulation.end_year=2000"], "simulation"),
        (["--seed", "one"], "--seed"),
    ],
    ids=["years-reversed", "years-format", "unknown-set-key", "unknown-set-group",
         "set-without-equals", "set-wrong-type", "set-years-reversed", "seed-not-int"],
)
def test_bad_command_line(capsys, tmp_path, small_world, extra, needle):
    path = small_world(budget_rate=None, end=2014)
    out_dir = tmp_path / "out"
    code, out, err = run_cli(capsys, ["run", path, "--out", out_dir, "--no-figures", *extra])
    assert_bad_input(code, out, err, needle)
    assert not out_dir.exists()


def test_unknown_scenario_name(capsys, tmp_path):
    code, out, err = run_cli(capsys, ["run", "no_such_scenario", "--out", tmp_path / "o"])
    assert_bad_input(code, out, err, "no_such_scenario")
    assert not (tmp_path / "o").exists()


def test_bad_input_through_console_script(tmp_path):
    """The installed ``coopsim`` script: exit status 2, one line, no traceback, nothing written."""
    path = tmp_path / "bad.toml"
    path.write_text(to_toml(doc_with(colour="blue")))
    exe = [str(COOPSIM)] if COOPSIM.exists() else [sys.executable, "-m", "model.cli"]
    proc = subprocess.run(
        [*exe, "run", str(path), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert str(path) in proc.stderr and "colour" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_existing_out_folder_refused_then_forced(capsys, tmp_path, small_world):
    path = small_world(budget_rate=-0.05, end=2014)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    keep = out_dir / "precious.txt"
    keep.write_text("do not touch")
    code, out, err = run_cli(capsys, ["run", path, "--out", out_dir, "--no-figures"])
    assert_bad_input(code, out, err, str(out_dir), "--force")
    assert sorted(p.name for p in out_dir.iterdir()) == ["precious.txt"]
    assert keep.read_text() == "do not touch"

    # --force never replaces a folder coopsim did not write
    code, out, err = run_cli(capsys, ["run", path, "--out", out_dir, "--no-figures", "--force"])
    assert_bad_input(code, out, err, str(out_dir), "coopsim did not write it")
    assert keep.read_text() == "do not touch"

    # ... but does replace one it wrote
    run_dir = tmp_path / "run"
    code, out, err = run_cli(capsys, ["run", path, "--out", run_dir, "--no-figures"])
    assert code == 0, err
    before = (run_dir / "model.csv").read_bytes()
    code, out, err = run_cli(capsys, ["run", path, "--out", run_dir, "--no-figures", "--force"])
    assert code == 0, err
    names = {p.name for p in run_dir.iterdir()}
    assert {"model.csv", "states.csv", "capabilities.csv", "arrangements.csv", "circles.csv",
            "summary.json", ".coopsim.json"} <= names
    assert (run_dir / "model.csv").read_bytes() == before


def test_empty_existing_out_folder_is_fine(capsys, tmp_path, small_world):
    path = small_world(budget_rate=None, end=2013)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = run_cli(capsys, ["run", path, "--out", out_dir, "--no-figures"])
    assert code == 0, err
    assert (out_dir / "model.csv").exists()


def test_validate_ok_and_list(capsys, small_world):
    path = small_world(budget_rate=None, end=2014)
    code, out, err = run_cli(capsys, ["validate", path])
    assert code == 0 and err == ""
    assert out.startswith("ok:") and "4 states" in out and "3 capability areas" in out
    code, out, err = run_cli(capsys, ["list"])
    assert code == 0
    assert any(line.startswith("reference_2012") and len(line.split()) > 1
               for line in out.splitlines())


def test_root_has_reference_scenario():
    assert (ROOT / "scenarios" / "reference_2012.toml").is_file()
