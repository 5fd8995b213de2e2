"""A page fetches the script and data of each interactive widget it holds, and no
other, and only when the reader wants them.

``javascripts/assets.js`` (on every page) starts a widget at the reader's first
scroll or when it comes within half a screen of view (at once on a printed page
or with a query in the address): it adds ``explorer.js``, ``stepthrough.js`` or
``playground.js``, on the first load and after instant navigation, and the script
fetches the widget's data. The widgets' own tests (test_explorer.py,
test_stepthrough.py, test_playground.py) open them both ways; test_print.py
checks the printed pages.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import pages_of

SCRIPTS = {"explorer.js": "data-mlp-explorer", "stepthrough.js": "data-mlp-stepthrough",
           "playground.js": "data-mlp-playground"}
SCRIPT_OF = {attribute: script for script, attribute in SCRIPTS.items()}
WIDGETS = ", ".join(f"[{attribute}]" for attribute in SCRIPTS.values())
DATA = {"explorer.js": "/assets/explorer.json", "stepthrough.js": "/assets/stepthrough.json",
        "playground.js": "/assets/playground/"}  # what each widget fetches to start


def widgets_in(html: str) -> set[str]:
    return {script for script, attribute in SCRIPTS.items()
            if re.search(rf"<[^>]+\s{attribute}[\s>=]", html)}


@pytest.fixture(scope="module")
def sample(built_site) -> dict[str, set[str]]:
    """The pages of each language with each kind of widget, and two without: the scripts
    each should fetch."""
    html = {path: (built_site / path / "index.html").read_text(encoding="utf-8")
            for path in pages_of(built_site) if path.endswith("/") or path == ""}
    expected = {path: widgets_in(page) for path, page in html.items()
                if 'class="mlp-print-section"' not in page}  # printed pages: test_print.py
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


NEAR = """() => [...document.querySelectorAll(WIDGETS)]
    .filter(w => w.getBoundingClientRect().top < 1.5 * innerHeight)
    .map(w => [...w.attributes].find(a => a.name in SCRIPT_OF).name)
    .map(a => SCRIPT_OF[a])"""


def fetched_widgets(urls: list[str]) -> tuple[set[str], set[str]]:
    """The widgets whose script, and whose data, are among ``urls``."""
    scripts = {name for name in SCRIPTS if any(u.endswith("/javascripts/" + name) for u in urls)}
    data = {name for name, path in DATA.items() if any(path in u for u in urls)}
    return scripts, data


@pytest.mark.parametrize("viewport", [{"width": 412, "height": 823},  # Lighthouse's phone
                                      {"width": 1350, "height": 940}])  # and its desktop
def test_a_widget_and_its_script_wait_for_the_readers_first_scroll_or_its_nearness(
        browser, site_url, sample, viewport):
    for path, wanted in sample.items():
        context = browser.new_context(viewport=viewport)  # nothing cached from the page before
        page = context.new_page()
        fetched = []
        page.on("request", lambda request, into=fetched: into.append(request.url))
        # "load", then the network at rest: a long page can be quiet while it is still parsed.
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        assert any(url.endswith("/javascripts/assets.js") for url in fetched), path
        page.evaluate(f"() => {{ window.WIDGETS = {WIDGETS!r}; "
                      f"window.SCRIPT_OF = {json.dumps(SCRIPT_OF)}; }}")
        near = set(page.evaluate(NEAR))
        scripts, data = fetched_widgets(fetched)
        assert scripts == data == near, (
            f"{path} at load: scripts {sorted(scripts)}, data {sorted(data)}; "
            f"within half a screen: {sorted(near)}")
        page.mouse.wheel(0, 60)  # the reader's first scroll starts every widget of the page
        page.wait_for_function(f"""() => [...document.querySelectorAll({WIDGETS!r})]
            .every(w => w.getAttribute('data-ready') === 'yes')""")
        page.wait_for_load_state("networkidle")
        scripts, data = fetched_widgets(fetched)
        context.close()
        assert scripts == data == wanted, (
            f"{path} after a scroll: scripts {sorted(scripts)}, data {sorted(data)}; "
            f"holds {sorted(wanted)}")


def test_the_themes_return_to_the_top_after_instant_navigation_starts_no_widget(
        browser, site_url):
    # Instant navigation scrolls the next page to its top: a scroll event, not the reader's.
    context = browser.new_context(viewport={"width": 1350, "height": 940})
    page = context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{site_url}/mlp/", wait_until="networkidle")
    page.evaluate("window.__sameDocument = true; window.scrollTo(0, innerHeight * 3)")
    page.wait_for_timeout(200)
    page.locator("nav.md-nav a[href$='backprop/']").first.click()
    # Material's anchor tracking may write the last page's anchor onto the new address.
    page.wait_for_url(re.compile(r".*/backprop/(#[\w-]*)?$"))
    page.wait_for_selector("[data-mlp-stepthrough]", state="attached")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    state = page.evaluate("""() => ({same: window.__sameDocument === true, y: scrollY,
        down: document.querySelector('[data-mlp-stepthrough]').getBoundingClientRect().top
              / innerHeight})""")
    assert state["same"] and state["y"] == 0 and state["down"] > 1.5, state
    assert fetched_widgets(fetched) == (set(), set())
    assert page.locator("[data-mlp-stepthrough][data-started]").count() == 0
    page.mouse.move(700, 600)  # over the text, not the sidebar just clicked (it scrolls apart)
    page.mouse.wheel(0, 60)  # the reader's own
    page.wait_for_selector("[data-mlp-stepthrough][data-ready=yes]", state="attached")
    assert fetched_widgets(fetched) == ({"stepthrough.js"}, {"stepthrough.js"})
    context.close()
