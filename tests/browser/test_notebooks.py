"""The notebook pages in the browser: outputs shown, math typeset, copy button,
readable in both colour schemes.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import jupytext
import pytest

from sitebuild.i18n import NOTEBOOK_DIR
from tests.site.test_notebooks import NAMES, SOURCES

# -- in the browser ------------------------------------------------------------------------


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems, page.requests = [], []
    page.on("console", lambda m: m.type in {"error", "warning"} and page.problems.append(
        f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: page.problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(
        f"HTTP {r.status}: {r.url}"))
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()


# Text of the Markdown cells outside code and typeset math: no TeX delimiter may be left.
UNTYPESET = """() => Array.from(document.querySelectorAll('.jupyter-wrapper .jp-RenderedMarkdown'))
    .map(cell => { const copy = cell.cloneNode(true);
                   copy.querySelectorAll('code, pre, .katex').forEach(e => e.remove());
                   return copy.textContent; })
    .filter(text => /\\$|\\\\\\(|\\\\\\[/.test(text))"""
IMAGES = """() => Array.from(document.querySelectorAll('.jupyter-wrapper img'))
    .map(img => ({ok: img.complete && img.naturalWidth > 0,
                  width: img.getBoundingClientRect().width}))"""


@pytest.mark.parametrize("name", NAMES)
def test_notebook_page_in_the_browser(page, site_url, name):
    page.goto(f"{site_url}/{NOTEBOOK_DIR}/{name}/", wait_until="networkidle")
    page.wait_for_selector(".jp-RenderedMarkdown .katex")
    assert page.evaluate(UNTYPESET) == []
    assert page.locator(".jupyter-wrapper .math-error, .jupyter-wrapper .katex-error").count() == 0
    images = page.evaluate(IMAGES)
    assert images and all(i["ok"] and i["width"] > 0 for i in images), images
    assert page.problems == []
    own = urlparse(site_url).netloc
    assert [u for u in page.requests if urlparse(u).scheme in {"http", "https"}
            and urlparse(u).netloc != own] == []


def test_copy_button_copies_a_code_cell(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}/{NOTEBOOK_DIR}/{NAMES[0]}/", wait_until="networkidle")
    page.locator(".jupyter-wrapper clipboard-copy").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    first_code = next(c.source for c in jupytext.read(SOURCES[0]).cells if c.cell_type == "code")
    assert copied.strip() == first_code.strip()


def _luminance(rgb: str) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(v) for v in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_notebook_text_and_code_are_readable_in_both_schemes(page, site_url, scheme):
    page.emulate_media(color_scheme="light" if scheme == "default" else "dark")
    page.goto(f"{site_url}/{NOTEBOOK_DIR}/{NAMES[0]}/", wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    colours = page.evaluate("""() => {
        const style = (s, p) => getComputedStyle(document.querySelector(s))[p];
        const page = style('body', 'backgroundColor');
        return {page, prose: style('.jp-RenderedMarkdown p', 'color'),
                code: style('.jupyter-wrapper .highlight-ipynb .n', 'color'),
                codeBg: style('.jupyter-wrapper .jp-InputArea-editor', 'backgroundColor'),
                output: style('.jupyter-wrapper .jp-RenderedText pre', 'color')};
    }""")

    def contrast(a, b):
        hi, lo = sorted([_luminance(a), _luminance(b)], reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    background = colours["page"]
    assert contrast(colours["prose"], background) >= 4.5, colours
    assert contrast(colours["output"], background) >= 4.5, colours
    code_bg = colours["codeBg"] if not colours["codeBg"].endswith(", 0)") else background
    assert contrast(colours["code"], code_bg) >= 4.5, colours
