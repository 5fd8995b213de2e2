"""A page fetches the script of each interactive widget it holds, and no other.

``javascripts/assets.js`` (on every page) adds ``explorer.js``,
``stepthrough.js`` and ``playground.js`` to the pages that hold their widget,
on the first load and after instant navigation; the widgets' own tests
(test_explorer.py, test_stepthrough.py, test_playground.py) open them both ways.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import pages_of

SCRIPTS = {"explorer.js": "data-mlp-explorer", "stepthrough.js": "data-mlp-stepthrough",
           "playground.js": "data-mlp-playground"}


def widgets_in(html: str) -> set[str]:
    return {script for script, attribute in SCRIPTS.items()
            if re.search(rf"<[^>]+\s{attribute}[\s>=]", html)}


@pytest.fixture(scope="module")
def sample(built_site) -> dict[str, set[str]]:
    """The pages of each language with each kind of widget, and two without: the scripts
    each should fetch."""
    expected = {path: widgets_in((built_site / path / "index.html").read_text(encoding="utf-8"))
                for path in pages_of(built_site) if path.endswith("/") or path == ""}
    chosen = {}
    for script in SCRIPTS:
        for prefix in ("", "zh/"):
            path = next(p for p, found in expected.items()
                        if script in found and p.startswith("zh/") == (prefix == "zh/"))
            chosen[path] = expected[path]
    assert len(chosen) >= 6, chosen  # each widget, in each language
    chosen["summary/"], chosen[""] = expected["summary/"], expected[""]
    assert chosen["summary/"] == set() and chosen[""] == set()
    return chosen


def test_each_page_fetches_the_scripts_of_its_widgets_only(browser, site_url, sample):
    for path, wanted in sample.items():
        context = browser.new_context()  # nothing cached from the page before
        page = context.new_page()
        fetched = []
        page.on("request", lambda request, into=fetched: into.append(request.url))
        # "load", then the network at rest: a long page can be quiet while it is still parsed.
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        context.close()
        assert any(url.endswith("/javascripts/assets.js") for url in fetched), path
        got = {name for name in SCRIPTS if any(url.endswith("/javascripts/" + name)
                                                for url in fetched)}
        assert got == wanted, f"{path}: fetched {sorted(got)}, holds {sorted(wanted)}"
