"""The story notebooks in notebooks/ still run: executed with nbclient at small sizes.

COOPSIM_NB_SMALL=1 (read in each notebook's first cell) cuts seeds and years, so the notebooks
never rot while CI stays fast. The committed copies keep their full-size outputs; nothing is
written back here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT_S = 600


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("COOPSIM_NB_SMALL", "1")
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        book,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    assert os.environ["COOPSIM_NB_SMALL"] == "1"


def test_notebooks_are_committed_with_outputs() -> None:
    nbformat = pytest.importorskip("nbformat")
    assert NOTEBOOKS, "no notebooks in notebooks/"
    for path in NOTEBOOKS:
        book = nbformat.read(path, as_version=4)
        code = [c for c in book.cells if c.cell_type == "code"]
        assert all(c.get("outputs") or not c.source.strip() for c in code[1:]), (
            f"{path.name}: execute it full size and save it with outputs"
        )
