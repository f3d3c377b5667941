"""The story notebooks in notebooks/ still run: executed with nbclient at small sizes.

COOPSIM_NB_SMALL=1 (read in each notebook's first cell) cuts seeds and years, so the notebooks
never rot while CI stays fast. The committed copies keep their full-size outputs; nothing is
written back here. Static Markdown states no result: numbers in prose are computed.
"""

from __future__ import annotations

import os
import re
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


# A number in static Markdown goes stale as soon as the model changes: prose that quotes a result
# computes it (a code cell whose output is Markdown) or states none. What static prose may hold:
# years, section numbers of headings, names in `code`, the statistic's definition and a scale.
ALLOWED_IN_PROSE = ("5–95 %", "5-95 %", "(0–1)", "(0-1)")
NUMBER = re.compile(r"(?<![\w.])[-−+±]?\d[\d,.]*(?:\s*(?:%|pp\b|percent))?")
YEAR = re.compile(r"(?:19|20)\d\d")


def numbers_in_prose(markdown: str) -> list[str]:
    """The result-like numbers of a static Markdown cell (empty when it quotes none)."""
    text = re.sub(r"`[^`]*`", " ", markdown)  # parameter and scenario names, code
    text = re.sub(r"(?m)^(#+\s*)\d+(\s*·)", r"\1\2", text)  # section numbers: "## 2 · ..."
    for phrase in ALLOWED_IN_PROSE:
        text = text.replace(phrase, " ")
    found = [m.group().strip().rstrip(".,") for m in NUMBER.finditer(text)]
    return [n for n in found if not YEAR.fullmatch(n)]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Of the futures, 44 % end with a large gap.", ["44 %"]),
        ("total index ≈ 0.49 against ≈ 0.48", ["0.49", "0.48"]),
        ("growth below about +0.2 % a year", ["+0.2 %"]),
        ("in 7 of 10 seeds, at 1.", ["7", "10", "1"]),
        ("autonomy (0–1), the F-16 successor", ["16"]),
        ("## 2 · Run it in 2030, mean and 5–95 % band", []),
        ("`reference_2012` with `budgets.real_growth_override` and S1, ST", []),
        ("# 1 · Budget cuts since 2012 (USD, 2012 prices)", []),
    ],
)
def test_numbers_in_prose_finds_results_only(markdown: str, expected: list[str]) -> None:
    assert numbers_in_prose(markdown) == expected


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_static_prose_quotes_no_numbers(path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    book = nbformat.read(path, as_version=4)
    stale = {
        i: found
        for i, cell in enumerate(book.cells)
        if cell.cell_type == "markdown" and (found := numbers_in_prose(cell.source))
    }
    assert not stale, (
        f"{path.name}: static Markdown quotes numbers {stale} (cell: numbers); compute them "
        "(IPython.display.Markdown(f'...') in a code cell) or leave them out"
    )
