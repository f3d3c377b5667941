"""report.md / report.html of run folders and compare folders (model/reports.py)."""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest
from conftest import FIXTURES

from model import run_scenario
from model.reports import (
    arrangement_counts,
    largest_gaps,
    md_to_html,
    strategic_pairs,
)

RUN_SECTIONS = ("## In short", "## Capability gaps", "### The ten largest gaps in",
                "## Savings", "## Sovereignty: autonomy against capacity to act",
                "## Partners that became strategic", "## Arrangements by form and origin")
COMPARE_SECTIONS = ("## In short", "## Headline figures", "5–95 %",
                    "## Partners that became strategic", "## The ten largest gaps in",
                    "## Arrangements by form and origin", "the planner's view")


def _images(md: str) -> list[str]:
    return re.findall(r"^!\[[^\]]*\]\(([^)]+)\)$", md, flags=re.M)


def _assert_self_contained(html: str, n_images: int) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert html.count('src="data:image/png;base64,') == html.count("<img ") == n_images
    assert "<style>" in html
    assert not re.search(r'(src|href)="(?!data:)', html), "external asset referenced"
    assert "<script" not in html and "<link" not in html


# ---------------------------------------------------------------- markdown -> html
def test_md_to_html_subset(tmp_path):
    png = b"\x89PNG\r\n\x1a\nfake"
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "a.png").write_bytes(png)
    md = "\n".join([
        "# Title & <things>", "", "A **bold** and *italic* `code` line", "continued.", "",
        "- one", "- two", "", "| Name | Value |", "| --- | ---: |", "| x | 1.0 % |", "",
        "![A figure](figures/a.png)", "", "## Second", "",
    ])
    html = md_to_html(md, tmp_path, "t")
    assert "<h1>Title &amp; &lt;things&gt;</h1>" in html
    assert "<p>A <strong>bold</strong> and <em>italic</em> <code>code</code> line\ncontinued.</p>" \
        in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert '<th align="right">Value</th>' in html and '<td align="right">1.0 %</td>' in html
    assert base64.b64encode(png).decode() in html
    assert "<figcaption>A figure</figcaption>" in html
    assert "<h2>Second</h2>" in html
    _assert_self_contained(html, 1)


def test_md_to_html_uses_the_markdown_package_and_escapes_raw_html(tmp_path):
    html = md_to_html("Say <script>alert(1)</script> & *more*\n\n<div>block</div>\n", tmp_path)
    assert "<script>" not in html.split("</style>")[1] and "&lt;script&gt;" in html
    assert "&lt;div&gt;block&lt;/div&gt;" in html and "<em>more</em>" in html
    with pytest.warns(UserWarning, match="not found"):
        missing = md_to_html("![Gone](figures/none.png)\n", tmp_path)
    assert "not available" in missing and "<img" not in missing


# ---------------------------------------------------------------- helpers, hand-computed
def test_strategic_pairs_first_year_overall_and_for_focus():
    circles = pd.DataFrame([
        (2012, "NLD", "BEL", "strategic"), (2012, "BEL", "NLD", "affiliated"),
        (2013, "NLD", "BEL", "strategic"), (2013, "DEU", "NLD", "strategic"),
        (2014, "NLD", "DEU", "affiliated"), (2014, "DEU", "NLD", "affiliated"),
        (2014, "NLD", "BEL", "strategic"),
    ], columns=["year", "state", "partner", "circle"])
    p = strategic_pairs(circles, "NLD")
    focus = p[p["kind"] == "focus"]
    assert focus[["b", "first_year", "years_strategic", "strategic_at_end"]].values.tolist() == [
        ["BEL", 2012, 3, True]]
    overall = p[p["kind"] == "overall"]
    assert overall[["a", "b", "first_year", "strategic_at_end"]].values.tolist() == [
        ["BEL", "NLD", 2012, True], ["DEU", "NLD", 2013, False]]


def test_arrangement_counts_by_form_and_origin():
    arr = pd.DataFrame({
        "form": ["pooling", "pooling", "joint_hire"], "origin": ["bottom_up", "nato", "nato"],
        "end_year": ["", 2020, ""],
    })
    c = arrangement_counts(arr).set_index(["form", "origin"])
    assert len(c) == 6 * 4
    assert c.loc[("pooling", "bottom_up")].tolist() == [1, 1]
    assert c.loc[("pooling", "nato")].tolist() == [1, 0]
    assert c.loc[("joint_hire", "nato")].tolist() == [1, 1]
    assert c["arrangements"].sum() == 3


def test_largest_gaps_rank_by_cost_to_close(small_world):
    from model.scenario import load_scenario

    path = small_world(budget_rate=-0.08, end=2016)
    run = run_scenario(path, seed=1)
    top = largest_gaps(run, load_scenario(path), n=5)
    assert (top["year"] == 2016).all()
    assert list(top["cost_to_close"]) == sorted(top["cost_to_close"], reverse=True)
    assert (top["shortfall"] >= 0).all()


# ---------------------------------------------------------------- run folder report
@pytest.fixture(scope="module")
def reference_folder(tmp_path_factory):
    run = run_scenario("reference_2012", seed=1, years=(2012, 2016), counterfactual=True)
    return run.save(tmp_path_factory.mktemp("run") / "ref")


def test_run_folder_has_report_with_sections_and_embedded_figures(reference_folder):
    md = (reference_folder / "report.md").read_text()
    for section in RUN_SECTIONS:
        assert section in md, section
    assert "USD" in md and "2012 prices" in md and " %" in md
    assert "Going it alone" in md and "NLD" in md
    imgs = _images(md)
    assert "figures/counterfactual_gap.png" in imgs and "figures/gaps_by_capability.png" in imgs
    for rel in imgs:
        assert (reference_folder / rel).is_file()
    _assert_self_contained((reference_folder / "report.html").read_text(), len(imgs))


def test_run_report_without_figures(small_world, tmp_path):
    run = run_scenario(small_world(budget_rate=-0.05, end=2014), seed=3, counterfactual=True)
    out = run.save(tmp_path / "nofig", figures=False)
    assert not (out / "figures").exists()
    md = (out / "report.md").read_text()
    assert _images(md) == [] and "## In short" in md and "Going it alone" in md
    _assert_self_contained((out / "report.html").read_text(), 0)


def test_run_report_is_deterministic(small_world, tmp_path):
    path = small_world(budget_rate=-0.05, end=2014)
    a = run_scenario(path, seed=2).save(tmp_path / "a", figures=False)
    b = run_scenario(path, seed=2).save(tmp_path / "b", figures=False)
    assert (a / "report.md").read_bytes() == (b / "report.md").read_bytes()
    assert (a / "report.html").read_bytes() == (b / "report.html").read_bytes()


# ---------------------------------------------------------------- compare folder report
@pytest.fixture(scope="module")
def compare_folder(tmp_path_factory):
    from model.compare import compare

    c = compare("reference_2012", FIXTURES / "nato_consultation.toml", seeds=3,
                years=(2012, 2015), state="NLD", capability="fighters", workers=1,
                progress=False)
    return c.save(tmp_path_factory.mktemp("cmp") / "c")


def test_compare_report_sections_headline_sentences_and_images(compare_folder):
    md = (compare_folder / "report.md").read_text()
    for section in COMPARE_SECTIONS:
        assert section in md, section
    assert "over 3 paired seeds" in md and "**Verdict for 2015:**" in md
    assert "nato_consultation leaves the 2015 **alliance capability gap**" in md \
        or "give the same 2015 **alliance capability gap**" in md
    imgs = _images(md)
    assert {"figures/bands.png", "figures/difference.png", "figures/counterfactual.png",
            "figures/focus_NLD_fighters.png"} <= set(imgs)
    _assert_self_contained((compare_folder / "report.html").read_text(), len(imgs))
