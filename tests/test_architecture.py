"""The architecture the code promises: layers, no cycles, running apart from presenting.

- the import-linter contracts in ``pyproject.toml`` ([tool.importlinter]) hold: each module
  imports only from layers below its own, and there are no import cycles in ``model/``;
- no function-level ``import model.*`` (they hid a cycle of modules importing each other), except
  where a comment says it stands for an optional heavy dependency;
- ``RunResult.save`` only writes: it runs no simulation;
- :func:`model.run.run`, ``run_scenario`` and ``coopsim run`` give the same tables;
- the one process pool returns outputs in task order and calls its initializer in each worker.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from model import run_scenario
from model.cli import main
from model.cooperation import CooperationModel
from model.experiments.runner import map_ordered
from model.results import write_csv
from model.run import run

MODEL = ROOT / "model"
#: Words one of which a comment must carry for a function-level ``import model.*`` to be allowed.
OPTIONAL_HEAVY = ("dask", "solara", "ema")


def _lint_imports() -> list[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    found = str(exe) if exe.is_file() else shutil.which("lint-imports")
    if found is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    return [found]


def test_layers_and_no_cycles_contracts_are_kept():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [*_lint_imports(), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 kept, 0 broken" in proc.stdout


def _function_level_model_imports() -> list[tuple[Path, int, str]]:
    """Every ``import model...`` / ``from model... import`` inside a function body."""
    found: dict[tuple[Path, int], str] = {}
    for path in sorted(MODEL.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                names: list[str] = []
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                if any(n == "model" or n.startswith("model.") for n in names):
                    found[(path, node.lineno)] = ast.unparse(node)
    return [(p, n, text) for (p, n), text in sorted(found.items())]


def _commented_optional(path: Path, lineno: int) -> bool:
    lines = path.read_text(encoding="utf-8").splitlines()
    near = " ".join(lines[max(0, lineno - 2) : lineno]).lower()
    return "#" in near and any(word in near for word in OPTIONAL_HEAVY)


def test_function_level_model_imports_only_for_optional_heavy_dependencies():
    found = _function_level_model_imports()
    bad = [f"{p.relative_to(ROOT)}:{n}: {t}" for p, n, t in found if not _commented_optional(p, n)]
    assert not bad, "function-level model imports (import at module level instead):\n" + "\n".join(
        bad
    )
    # today there are none at all (there were 61); a new one needs a reason in a comment
    assert len(found) == 0, found


def test_no_import_indirection_for_model_modules():
    for path in sorted(MODEL.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert 'import_module("model' not in text, path
        assert "import_module('model" not in text, path


# ---------------------------------------------------------------- running apart from presenting
@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    return run("reference_2012", 4, (2012, 2015), counterfactual=True)


def test_save_runs_no_simulation(small_run, tmp_path, monkeypatch):
    def no_simulation(*_a, **_k):
        raise AssertionError("save() simulated")

    monkeypatch.setattr(CooperationModel, "step", no_simulation)
    monkeypatch.setattr(CooperationModel, "__init__", no_simulation)
    monkeypatch.setattr("model.run.run", no_simulation)
    out = small_run.save(tmp_path / "run")
    md = (out / "report.md").read_text()
    assert "Going it alone" in md and "figures/counterfactual_gap.png" in md
    assert (out / "figures" / "counterfactual_gap.png").is_file()


def test_without_a_twin_the_report_leaves_going_it_alone_out(small_run, tmp_path):
    from dataclasses import replace

    out = replace(small_run, counterfactual=None).save(tmp_path / "alone", figures=False)
    md = (out / "report.md").read_text()
    assert "## In short" in md and "Going it alone it would be" not in md


def test_run_gives_the_same_tables_as_the_cli_and_run_scenario(small_run, tmp_path):
    cli_out = tmp_path / "cli"
    argv = ["run", "reference_2012", "--seed", "4", "--years", "2012:2015", "--out", str(cli_out)]
    assert main(argv) == 0
    api = run_scenario("reference_2012", seed=4, years=(2012, 2015), counterfactual=True)
    for name, df in small_run.tables().items():
        write_csv(df, tmp_path / f"{name}.csv")
        expected = (tmp_path / f"{name}.csv").read_bytes()
        assert (cli_out / f"{name}.csv").read_bytes() == expected, name
        write_csv(api.tables()[name], tmp_path / f"{name}_api.csv")
        assert (tmp_path / f"{name}_api.csv").read_bytes() == expected, name
    api_out = api.save(tmp_path / "api")
    assert (api_out / "report.md").read_bytes() == (cli_out / "report.md").read_bytes()
    figs = sorted(p.name for p in (cli_out / "figures").iterdir())
    assert figs == sorted(p.name for p in (api_out / "figures").iterdir())
    assert "counterfactual_gap.png" in figs


def test_the_twin_is_the_same_world_without_cooperation(small_run):
    twin = small_run.counterfactual
    assert twin is not None and twin.seed == small_run.seed
    assert twin.overrides.get("cooperation.enabled") is False
    assert (twin.model["arrangements_pooling"] == 0).all()
    assert list(twin.model["budget_total"]) == list(small_run.model["budget_total"])


# ---------------------------------------------------------------- the one process pool
def _mark_worker() -> None:
    os.environ["COOPSIM_TEST_WORKER"] = "initialised"


def _square_and_mark(x: int) -> tuple[int, str]:
    return x * x, os.environ.get("COOPSIM_TEST_WORKER", "")


def test_pool_keeps_task_order_and_runs_the_initializer():
    tasks = list(range(7))
    here = map_ordered(_square_and_mark, tasks, workers=1, progress=False)
    assert [v for v, _ in here] == [x * x for x in tasks]
    pooled = map_ordered(
        _square_and_mark, tasks, workers=2, progress=False, initializer=_mark_worker
    )
    assert [v for v, _ in pooled] == [x * x for x in tasks]
    assert {mark for _, mark in pooled} == {"initialised"}
