"""The derivative explorer's state lives in the address: a teacher can link "GELU at
x = 0.75" (``activations/?act=gelu&x=0.75``), back and forward step through what the
reader chose, instant navigation keeps it, and an address the explorer cannot show
says so while the widget shows its default.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.test_explorer import check, explorer_ready


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type in {"error", "warning"} and page.problems.append(
        f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    yield page
    context.close()


def address(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def notice(page) -> str | None:
    """The explorer's note about the address, if it shows one."""
    node = page.locator(".mlp-explorer__notice")
    return node.text_content() if node.is_visible() else None


def test_a_link_opens_the_explorer_at_its_activation_and_x(page, site_url):
    page.goto(f"{site_url}/activations/?act=gelu&x=0.75", wait_until="networkidle")
    explorer_ready(page)
    check(page, "gelu", 0.75)
    assert notice(page) is None
    assert page.problems == []


def test_the_chinese_page_takes_the_same_link(page, site_url):
    page.goto(f"{site_url}/zh/activations/?act=tanh&x=-2", wait_until="networkidle")
    explorer_ready(page)
    assert page.locator(".mlp-explorer__value-x").text_content() == "\u22122.00"
    assert page.locator("select.mlp-explorer__activation").input_value() == "tanh"


def test_choices_go_into_the_address_and_back_and_forward_return_to_them(page, site_url):
    page.goto(f"{site_url}/activations/", wait_until="networkidle")
    explorer_ready(page)
    assert address(page) == {}  # nothing chosen yet: a clean address
    page.get_by_label("Activation", exact=True).select_option("tanh")
    assert address(page) == {"act": ["tanh"], "x": ["1"]}
    page.get_by_label("Input x", exact=True).fill("-0.5")
    assert address(page) == {"act": ["tanh"], "x": ["-0.5"]}
    page.get_by_label("Activation", exact=True).select_option("gelu")
    assert address(page) == {"act": ["gelu"], "x": ["-0.5"]}
    check(page, "gelu", -0.5)

    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('act') === 'tanh'")
    check(page, "tanh", -0.5)
    page.go_back()
    page.wait_for_function("() => location.search === ''")
    check(page, "sigmoid", 1.0)  # where the page started
    page.go_forward()
    page.wait_for_function("() => new URLSearchParams(location.search).get('act') === 'tanh'")
    check(page, "tanh", -0.5)
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no reload
    assert page.problems == []


def test_a_held_key_makes_one_history_entry_not_one_per_step(page, site_url):
    page.goto(f"{site_url}/activations/", wait_until="networkidle")
    explorer_ready(page)
    before = page.evaluate("history.length")
    slider = page.get_by_label("Input x", exact=True)
    slider.focus()
    started = time.monotonic()
    for _ in range(10):
        slider.press("ArrowRight")
    seconds = time.monotonic() - started
    check(page, "sigmoid", 1.5)
    assert address(page)["x"] == ["1.5"]
    # Steps less than a second apart share one entry: at most one entry a second.
    assert 1 <= page.evaluate("history.length") - before <= 1 + int(seconds)


def test_the_address_survives_instant_navigation(page, site_url):
    page.goto(f"{site_url}/", wait_until="networkidle")
    page.evaluate("window.sameDocument = true")
    # A link on another page of the site, followed by Material's instant navigation.
    page.evaluate("""() => {
      const link = document.createElement('a');
      link.href = 'activations/?act=gelu&x=0.75';
      link.textContent = 'GELU at x = 0.75';
      link.id = 'teacher-link';
      document.querySelector('article').prepend(link);
    }""")
    page.locator("#teacher-link").click()
    page.wait_for_url("**/activations/?act=gelu&x=0.75")
    explorer_ready(page)
    check(page, "gelu", 0.75)
    assert page.evaluate("window.sameDocument") is True  # the page was not reloaded
    page.get_by_label("Input x", exact=True).fill("2")
    page.locator("nav.md-nav a[href$='autograd/']").first.click()
    page.wait_for_url("**/autograd/")
    page.go_back()  # back to the explorer as it was left
    explorer_ready(page)
    check(page, "gelu", 2.0)
    assert page.evaluate("window.sameDocument") is True
    assert page.problems == []


@pytest.mark.parametrize("query, shown, says", [
    ("act=softmax&x=0.5", ("sigmoid", 0.5), ["\u201csoftmax\u201d", "shows sigmoid instead"]),
    ("act=relu&x=twelve", ("relu", 1.0), ["x = \u201ctwelve\u201d", "from \u22128 to 8",
                                          "shows x = 1.00 instead"]),
    ("act=relu&x=9", ("relu", 1.0), ["x = \u201c9\u201d"]),
    ("act=relu&x=", ("relu", 1.0), ["x = \u201c\u201d"]),
    ("act=%3Cb%3Ebold%3C%2Fb%3E", ("sigmoid", 1.0), ["\u201c<b>bold</b>\u201d"]),  # as text
])
def test_an_address_it_cannot_show_falls_back_and_says_so(page, site_url, query, shown, says):
    page.goto(f"{site_url}/activations/?{query}", wait_until="networkidle")
    explorer_ready(page)
    check(page, *shown)
    text = notice(page)
    assert text is not None and all(part in text for part in says), text
    assert page.locator(".mlp-explorer__notice b").count() == 0
    # The reader moves on: the note goes, the address says what is shown.
    page.get_by_label("Input x", exact=True).fill("0.25")
    assert notice(page) is None
    assert address(page)["x"] == ["0.25"]
    assert page.problems == []


def test_an_x_between_grid_points_snaps_to_the_nearest(page, site_url):
    page.goto(f"{site_url}/activations/?act=silu&x=0.7612", wait_until="networkidle")
    explorer_ready(page)
    check(page, "silu", 0.75)
    assert notice(page) is None


def test_the_chinese_note_speaks_chinese(page, site_url):
    page.goto(f"{site_url}/zh/activations/?act=nope", wait_until="networkidle")
    explorer_ready(page)
    assert "探索器中没有它" in notice(page)
