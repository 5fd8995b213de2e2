"""Nothing the reader sees moves as a page opens, on a phone or a desktop.

Lighthouse's cumulative layout shift (CLS) target is 0.02 (issue 15); here every
page of the built site is opened at a phone's and a desktop's size (Lighthouse's
mobile and desktop screens) and the browser's own layout-shift entries are added
up until the page, its fonts and its figures are done. A failure names what
moved. The long pages leave their lower blocks to ``content-visibility`` (drawn
when near the screen, docs/stylesheets/extra.css); the first such block must
start below what the page opens on, or its guessed height would move the text.
"""

from __future__ import annotations

import pytest

from tests.browser.test_site import ALL_MATH_TYPESET, SHOWN_IMAGES_DONE
from tests.conftest import is_print_page, pages_of

CLS_TARGET = 0.02
SCREENS = {"phone": (412, 823), "desktop": (1350, 940)}

RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push({value: entry.value, moved: entry.sources.map((source) => {
      const node = source.node;
      if (!node) return "?";
      const name = node.nodeName.toLowerCase() + (node.id ? "#" + node.id : "")
        + (node.className && typeof node.className === "string"
           ? "." + node.className.trim().split(/\\s+/).join(".") : "");
      return name + " " + JSON.stringify((node.textContent || "").trim().slice(0, 40));
    })});
  }
}).observe({type: "layout-shift", buffered: true});
"""
# The top of the first block left to content-visibility, and the screen's height.
FIRST_DEFERRED = """() => {
  const blocks = [...document.querySelectorAll(".md-content__inner > *")];
  const first = blocks.find((el) => getComputedStyle(el).contentVisibility === "auto");
  return first ? {top: first.getBoundingClientRect().top + scrollY, screen: innerHeight,
                  block: first.tagName + "." + first.className} : null;
}"""


@pytest.fixture(scope="module", params=sorted(SCREENS))
def opened(request, browser, site_url, built_site) -> dict[str, dict]:
    """Each page (not the printed ones) opened at one screen size: its shifts and blocks."""
    width, height = SCREENS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme="light")
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    seen = {}
    for path in pages_of(built_site):
        if is_print_page(built_site, path) or path.endswith(("handout/", "answer-key/")):
            continue
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.wait_for_function(ALL_MATH_TYPESET)
        page.wait_for_function(SHOWN_IMAGES_DONE)
        page.evaluate("document.fonts.ready.then(() => null)")
        page.wait_for_timeout(300)  # a widget's data arrive after load
        seen[path or "/"] = {"shifts": page.evaluate("window.__shifts"),
                             "deferred": page.evaluate(FIRST_DEFERRED)}
    context.close()
    return {"screen": request.param, "pages": seen}


def test_nothing_in_view_moves_as_a_page_opens(opened):
    moved = {}
    for path, seen in opened["pages"].items():
        total = sum(shift["value"] for shift in seen["shifts"])
        if total > CLS_TARGET:
            moved[path] = (round(total, 3), [s["moved"] for s in seen["shifts"]][:3])
    assert moved == {}, f"{opened['screen']}: layout shifts above {CLS_TARGET}: {moved}"


def test_blocks_drawn_late_start_below_the_first_screen_and_a_half(opened):
    too_high = {path: seen["deferred"] for path, seen in opened["pages"].items()
                if seen["deferred"]
                and seen["deferred"]["top"] < 1.5 * seen["deferred"]["screen"]}
    assert too_high == {}, opened["screen"]


def test_long_pages_do_leave_blocks_to_be_drawn_late(opened):
    # The rule must keep applying (a renamed class would silently drop it).
    deferred = [path for path, seen in opened["pages"].items() if seen["deferred"]]
    # (The API reference's pages hold a few blocks, one per module: none is left late.)
    for long_page in ["activations/", "mlp/", "backprop/", "zh/activations/"]:
        assert long_page in deferred, (long_page, deferred)
