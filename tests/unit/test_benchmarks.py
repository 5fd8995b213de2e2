"""The site benchmark measures the pages asked for, and every page a reader opens otherwise."""

from __future__ import annotations

import pytest

from benchmarks import __main__ as bench_main
from benchmarks import bench_site


def test_every_page_is_measured_but_print_pages_404_and_assets(tmp_path):
    for page in ["", "activations/", "notebooks/mlp/", "print/", "zh/", "zh/print/",
                 "zh/notebooks/mlp/", "search/", "assets/vendor/"]:
        (tmp_path / page).mkdir(parents=True, exist_ok=True)
        (tmp_path / page / "index.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<html></html>", encoding="utf-8")
    assert bench_site.pages_of(tmp_path) == [
        "", "activations/", "notebooks/mlp/", "zh/", "zh/notebooks/mlp/"]


def test_pages_named_on_the_command_line_are_measured_in_that_order():
    available = ["", "activations/", "zh/", "zh/mlp/"]
    assert bench_site.select_pages(available, "zh/mlp,/,activations/") == [
        "zh/mlp/", "", "activations/"]
    assert bench_site.select_pages(available, None) == available
    with pytest.raises(ValueError, match="--pages: no page 'mpl'"):
        bench_site.select_pages(available, "mpl")


def test_options_go_to_the_one_benchmark_named(monkeypatch):
    received = []
    monkeypatch.setattr(bench_site, "main", received.append)
    assert bench_main.main(["site", "--pages", "activations,zh/mlp"]) == 0
    assert received == [["--pages", "activations,zh/mlp"]]
    assert bench_main.main(["--pages", "activations"]) == 2  # options without a benchmark


def test_the_figure_budget_counts_the_light_figures_once(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "a-light.svg").write_text("<svg>" + "a" * 500 + "</svg>")
    (tmp_path / "figures" / "a-dark.svg").write_text("<svg>" + "b" * 5000 + "</svg>")
    (tmp_path / "index.html").write_text(
        '<img alt="" src="figures/a-light.svg#only-light"><img src="figures/a-dark.svg">'
        '<img alt="" src="figures/a-light.svg#only-light">', encoding="utf-8")
    import gzip
    one = len(gzip.compress((tmp_path / "figures" / "a-light.svg").read_bytes(), 6, mtime=0))
    assert bench_site.figure_budget_bytes(tmp_path, "") == one


def test_a_page_may_weigh_twice_the_empty_page_plus_its_own_figures():
    # The budget: 2 x the empty Material page, plus the figures (not doubled).
    assert bench_site.weight_budget(66_000, 0) == 132_000
    assert bench_site.weight_budget(66_000, 50_000) == 182_000
    row = {"budget bytes": 182_000, "bytes": 182_001, "mobile": 95, "desktop": 100,
           "accessibility": 100, "cls": 0.001}
    assert bench_site.verdict(row) == "  BELOW: weight"
    assert bench_site.verdict({**row, "bytes": 182_000}) == ""
