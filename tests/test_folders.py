"""Output safety: --force replaces only folders coopsim wrote; names are never paths; two
writers to one folder cannot silently replace each other; stale partial folders are cleaned."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import small_world_doc, to_toml

from model.cli import main
from model.folders import (
    MARKER,
    OutputError,
    atomic_folder,
    check_name,
    check_out,
    remove_stale_partials,
)


def _cli(capsys, argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_exit_2(code, err, *needles):
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    for n in needles:
        assert n in lines[0], lines[0]


def _written(folder: Path, files=("a.csv",)) -> Path:
    with atomic_folder(folder) as tmp:
        for f in files:
            (tmp / f).write_text(f)
    return folder


@pytest.mark.parametrize("name", ["/some/where/victim", "../victim", "a/b", ".", "..", "", "-x",
                                  "with space", "~"])
def test_a_name_is_an_identifier_never_a_path(name):
    with pytest.raises(OutputError, match="not an identifier"):
        check_name(name, "here")


@pytest.mark.parametrize("name", ["reference_2012", "a.b-c", "_x", "2035"])
def test_identifiers_pass(name):
    assert check_name(name, "here") == name


def test_scenario_named_as_a_path_cannot_delete_that_folder(capsys, tmp_path, monkeypatch):
    """The reported attack: name = "/abs/victim" and `coopsim run that.toml --force`."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "thesis.tex").write_text("years of work")
    doc = small_world_doc(budget_rate=None, end=2013)
    doc["name"] = str(victim)
    path = tmp_path / "evil.toml"
    path.write_text(to_toml(doc))
    monkeypatch.chdir(tmp_path)
    code, _, err = _cli(capsys, ["run", path, "--force", "--no-figures"])
    _one_line_exit_2(code, err, "evil.toml", "not an identifier")
    assert (victim / "thesis.tex").read_text() == "years of work"
    assert not (tmp_path / "results").exists()


def test_force_refuses_a_folder_coopsim_did_not_write(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("x")
    with pytest.raises(OutputError, match="coopsim did not write it"):
        check_out(mine, force=True)
    with pytest.raises(OutputError, match="--force"):
        check_out(mine, force=False)
    assert (mine / "notes.txt").exists()


def test_force_refuses_a_coopsim_folder_that_also_holds_other_files(tmp_path):
    run = _written(tmp_path / "run")
    (run / "my_analysis.xlsx").write_text("x")
    with pytest.raises(OutputError, match="my_analysis.xlsx"):
        check_out(run, force=True)
    with pytest.raises(OutputError):
        with atomic_folder(run, force=True) as tmp:
            (tmp / "a.csv").write_text("new")
    assert (run / "my_analysis.xlsx").exists() and (run / "a.csv").read_text() == "a.csv"


def test_force_replaces_a_folder_coopsim_wrote(tmp_path):
    run = _written(tmp_path / "run", files=("a.csv", "b.csv"))
    marker = json.loads((run / MARKER).read_text())
    assert marker["written_by"] == "coopsim" and marker["entries"] == ["a.csv", "b.csv"]
    with atomic_folder(run, force=True) as tmp:
        (tmp / "c.csv").write_text("c")
    assert sorted(p.name for p in run.iterdir()) == sorted([MARKER, "c.csv"])
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no partial or old folder left


def test_force_never_replaces_the_folders_above_the_work(tmp_path, monkeypatch):
    """Even with a valid marker, a folder that holds the working folder is never replaced."""
    outer = tmp_path / "outer"
    inner = outer / "inner"
    inner.mkdir(parents=True)
    (outer / MARKER).write_text(json.dumps({"written_by": "coopsim", "entries": ["inner"]}))
    monkeypatch.chdir(inner)
    with pytest.raises(OutputError, match="working folder"):
        check_out(outer, force=True)
    for protected in (Path("/"), Path.home()):
        with pytest.raises(OutputError):
            check_out(protected, force=True)


def test_a_symlink_is_not_followed_into_replacement(tmp_path):
    real = _written(tmp_path / "real")
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="not a folder coopsim wrote"):
        check_out(link, force=True)


def test_second_writer_to_one_folder_fails_instead_of_replacing(tmp_path):
    target = tmp_path / "out"
    with pytest.raises(OutputError, match="not empty"):
        with atomic_folder(target) as first:
            (first / "a.csv").write_text("first")
            _written(target, files=("a.csv",))  # another writer finishes meanwhile
            (first / "a.csv").write_text("first, done")
    assert (target / "a.csv").read_text() == "a.csv"  # the finished writer's result stays
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_stale_partials_are_removed_live_ones_kept(tmp_path):
    dead = tmp_path / ".run.partial-999999999-abc"
    live = tmp_path / f".run.partial-{os.getpid()}-def"
    other = tmp_path / ".other.partial-999999999-abc"
    for d in (dead, live, other):
        d.mkdir()
    remove_stale_partials(tmp_path, "run")
    assert not dead.exists() and live.exists() and other.exists()
    with atomic_folder(tmp_path / "run") as tmp:
        (tmp / "a.csv").write_text("a")
    assert live.exists()


def test_force_on_the_filesystem_root_is_refused_by_the_cli(capsys, tmp_path, small_world):
    path = small_world(budget_rate=None, end=2013)
    code, _, err = _cli(capsys, ["run", path, "--out", "/", "--force", "--no-figures"])
    _one_line_exit_2(code, err, "--force refused")
