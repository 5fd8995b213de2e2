"""The 1.2 page, opened in headless chromium, reads as a reader should see it."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.requests = []
    page.on("console", lambda m: m.type in {"error", "warning"} and page.problems.append(
        f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: page.problems.append(f"request failed: {r.url}"))
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()


def _other_hosts(requests, site_url):
    own = urlparse(site_url).netloc
    return [u for u in requests if urlparse(u).scheme in {"http", "https"}
            and urlparse(u).netloc != own]


def test_activation_page_has_typeset_math_six_figures_no_errors_no_other_hosts(page, site_url):
    page.goto(f"{site_url}/activations/", wait_until="networkidle")
    page.wait_for_selector(".arithmatex .katex")
    math = page.locator(".arithmatex")
    assert math.count() > 20
    assert page.locator(".arithmatex .katex").count() == math.count(), "untypeset math left"
    assert page.locator(".math-error, .katex-error").count() == 0
    visible = page.evaluate("""() => Array.from(document.querySelectorAll('.mlp-figure img'))
        .filter(img => img.offsetParent !== null)
        .map(img => ({src: img.getAttribute('src'), ok: img.complete && img.naturalWidth > 0,
                      alt: img.alt}))""")
    assert len(visible) == 6, visible
    assert all(img["ok"] for img in visible), visible
    assert all(len(img["alt"]) > 20 for img in visible), visible
    assert page.problems == []
    assert _other_hosts(page.requests, site_url) == []


def test_dark_scheme_shows_the_dark_figures(page, site_url):
    page.emulate_media(color_scheme="dark")
    page.goto(f"{site_url}/activations/", wait_until="networkidle")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.mlp-figure img'))
        .filter(img => img.offsetParent !== null).map(img => img.getAttribute('src'))""")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    suffix = "-dark.svg#only-dark" if scheme == "slate" else "-light.svg#only-light"
    assert len(shown) == 6 and all(src.endswith(suffix) for src in shown), (scheme, shown)


def test_math_survives_instant_navigation(page, site_url):
    page.goto(f"{site_url}/", wait_until="networkidle")
    page.locator("nav.md-nav a[href$='activations/']").first.click()
    page.wait_for_url("**/activations/")
    page.wait_for_selector(".arithmatex .katex")
    assert page.locator(".arithmatex:not(:has(.katex))").count() == 0
    assert page.problems == []


def test_copy_button_copies_code_without_prompts_or_output(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}/activations/", wait_until="networkidle")
    block = page.locator("div.language-pycon").first
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied.splitlines()[0] == "import numpy as np", copied
    assert ">>>" not in copied and "(160, -8.0, 7.9)" not in copied, copied
    assert "plots = cell_plots()" in copied


# Code blocks a reader can see (not folded away), with whether each is on screen and
# has its copy button yet.
CODE_BLOCKS = """() => [...document.querySelectorAll("article div.highlight")]
  .filter(block => block.checkVisibility())
  .map(block => ({onScreen: block.getBoundingClientRect().top < innerHeight,
                  copy: block.querySelector("button[data-md-type=copy]") !== null}))"""


def test_code_blocks_get_their_copy_button_as_they_scroll_into_view(page, site_url):
    # Material mounts a code block (copy button, scroll focus) once the reader reaches it
    # (feature content.lazy): mounting all of a long page's blocks at load, each a forced
    # layout, was most of its blocking time in Lighthouse.
    page.goto(f"{site_url}/activations/", wait_until="networkidle")
    page.wait_for_timeout(300)
    blocks = page.evaluate(CODE_BLOCKS)
    below = [b for b in blocks if not b["onScreen"]]
    assert len(below) > 5 and not any(b["copy"] for b in below), blocks
    for index in range(len(blocks)):
        page.evaluate(f"""() => [...document.querySelectorAll("article div.highlight")]
            .filter(block => block.checkVisibility())[{index}]
            .scrollIntoView({{block: "center"}})""")
        page.wait_for_function(f"""() => [...document.querySelectorAll("article div.highlight")]
            .filter(block => block.checkVisibility())[{index}]
            .querySelector("button[data-md-type=copy]") !== null""")
    assert all(b["copy"] for b in page.evaluate(CODE_BLOCKS))
    assert page.problems == []
