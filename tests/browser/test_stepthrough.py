"""The backpropagation step-through in the browser: a reader walks the steps with buttons
and keys, on a phone and a desktop, in both schemes and languages, after instant
navigation; it fetches its data only once the reader scrolls; and every number shown is
the JSON's (tests/site/test_stepthrough.py checks
the JSON against mlp_edu.backprop).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from sitebuild.stepthrough import DATA_PATH
from tests.browser.test_explorer import widget_ready
from tests.site.test_explorer import AXE, MINUS


@pytest.fixture(scope="module")
def data(built_site) -> dict:
    """The step-through's numbers as the built site serves them to the browser."""
    return json.loads((built_site / DATA_PATH).read_text(encoding="utf-8"))

# --- in the browser -------------------------------------------------------------------

def shown(value: float, digits: int) -> str:
    """A number as the widget shows it: fixed digits, no negative zero, a real minus sign."""
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


READ = """root => ({
  step: root.getAttribute('data-step'),
  direction: root.getAttribute('data-direction'),
  counter: root.querySelector('.mlp-step__counter').textContent,
  live: root.querySelector('.mlp-step__live').textContent,
  previousDisabled: root.querySelector('.mlp-step__previous').disabled,
  nextDisabled: root.querySelector('.mlp-step__next').disabled,
  nodes: Object.fromEntries(['input', 'hidden', 'output', 'loss'].map(layer => [layer,
    [...root.querySelectorAll(`.mlp-step__node[data-layer=${layer}] .mlp-step__value`)]
      .map(t => t.textContent)])),
  symbols: Object.fromEntries([...root.querySelectorAll('.mlp-step__symbol')]
    .map(t => [t.dataset.layer, t.textContent])),
  table: [...root.querySelectorAll('.mlp-step__table tr')]
    .map(tr => [...tr.children].map(c => c.textContent)),
  visibleText: [...root.querySelectorAll('[data-step-text]')].filter(t => !t.hidden)
    .map(t => t.dataset.stepText),
  styledEdges: [...root.querySelectorAll('.mlp-step__edge')]
    .filter(e => e.style.strokeWidth).map(e => [e.dataset.group, +e.dataset.from,
      +e.dataset.to, parseFloat(e.style.strokeWidth), e.getAttribute('class')]),
  active: [...new Set([...root.querySelectorAll('.mlp-step__edge--active')]
    .map(e => e.dataset.group))],
})"""


def read(page) -> dict:
    return page.locator("[data-mlp-stepthrough]").evaluate(READ)


def check(page, data: dict, index: int, lang: str = "en") -> dict:
    """The widget shows step ``index`` with the JSON's numbers, in ``lang``."""
    page.wait_for_function(
        "i => document.querySelector('[data-mlp-stepthrough]').getAttribute('data-step') === i",
        arg=str(index))
    state = read(page)
    step, digits = data["steps"][index], data["digits"]
    assert state["direction"] == step["direction"]
    assert state["visibleText"] == [str(index)]
    for layer, values in state["nodes"].items():
        row = step["rows"].get(layer)
        want = [shown(v, digits["nodes"]) for v in row["values"]] if row else [""] * len(values)
        assert values == want, (index, layer)
        assert state["symbols"][layer] == (row["symbol"] if row else ""), (index, layer)
    table = step["table"]
    assert state["table"][0] == [table["corner"], *table["columns"]]
    for got, row in zip(state["table"][1:], table["rows"], strict=False):
        assert got == [row["label"], *(shown(v, digits["table"]) for v in row["values"])]
    if "scalar" in step:
        assert state["table"][-1] == [step["scalar"]["label"],
                                      shown(step["scalar"]["value"], digits["table"])]
    assert sorted(state["active"]) == sorted(step["active"])
    if "edges" in step:
        styled = state["styledEdges"]
        assert len(styled) == np.size(step["edges"]["values"])
        for group, i, j, width, classes in styled:
            value, size = step["edges"]["values"][i][j], step["edges"]["sizes"][i][j]
            assert group == step["edges"]["group"]
            assert width == pytest.approx(0.75 + 5 * size, abs=0.006)
            sign = "negative" if value < 0 else "positive" if value > 0 else "zero"
            assert f"mlp-step__edge--{sign}" in classes
    else:
        assert state["styledEdges"] == []
    counter = {"en": f"Step {index + 1} of 10", "zh": f"第 {index + 1} 步，共 10 步"}[lang]
    assert state["counter"] == counter
    assert state["previousDisabled"] == (index == 0)
    assert state["nextDisabled"] == (index == len(data["steps"]) - 1)
    return state


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type in {"error", "warning"} and page.problems.append(
        f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: page.problems.append(f"request failed: {r.url}"))
    yield page
    context.close()


def stepthrough_ready(page):
    widget_ready(page, "[data-mlp-stepthrough]")


def open_stepthrough(page, site_url, path="backprop/"):
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    stepthrough_ready(page)


@pytest.mark.parametrize(("lang", "viewport"), [
    ("", {"width": 412, "height": 823}),  # Lighthouse's phone
    ("zh/", {"width": 412, "height": 823}),
    ("", {"width": 1280, "height": 900}),
])
def test_the_data_wait_for_the_readers_first_scroll(browser, site_url, data, lang, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    asked = []
    page.on("request", lambda r: r.url.endswith(DATA_PATH) and asked.append(r.url))
    page.goto(f"{site_url}/{lang}backprop/", wait_until="networkidle")
    page.wait_for_timeout(500)
    screens_down = page.evaluate("""() => document.querySelector('[data-mlp-stepthrough]')
        .getBoundingClientRect().top / innerHeight""")
    assert screens_down > 2, f"the widget is only {screens_down:.2f} screens down: move the test"
    assert asked == [] and page.locator("[data-mlp-stepthrough][data-started]").count() == 0
    page.mouse.wheel(0, 60)  # the reader's first scroll, far from the widget
    page.wait_for_selector("[data-mlp-stepthrough][data-ready=yes]", state="attached")
    assert len(asked) == 1
    check(page, data, 0, "zh" if lang else "en")
    context.close()


def test_buttons_walk_every_step_with_the_jsons_numbers(page, site_url, data):
    open_stepthrough(page, site_url)
    state = check(page, data, 0)
    assert state["live"] == ""  # nothing announced before the reader does anything
    following = page.get_by_role("button", name="Next step")
    for index in range(1, len(data["steps"])):
        following.click()
        state = check(page, data, index)
        assert state["live"].startswith(f"Step {index + 1} of 10, "), state["live"]
    # At the end the focus moves to the button that still works.
    assert page.evaluate("document.activeElement.textContent") == "Previous step"
    for index in reversed(range(len(data["steps"]) - 1)):
        page.get_by_role("button", name="Previous step").click()
        check(page, data, index)
    assert page.problems == []


def test_the_live_region_speaks_the_step_and_its_numbers(page, site_url, data):
    open_stepthrough(page, site_url)
    page.get_by_role("button", name="Next step").click()
    z = data["steps"][1]["rows"]["hidden"]["values"]
    names = data["steps"][1]["table"]["columns"]
    expected = ("Step 2 of 10, forward: The hidden layer's input. "
                + ", ".join(f"{n} = {shown(v, 3)}" for n, v in zip(names, z, strict=True)) + ".")
    page.wait_for_function("t => document.querySelector('.mlp-step__live').textContent === t",
                           arg=expected)
    for _ in range(5):
        page.get_by_role("button", name="Next step").click()
    check(page, data, 6)
    assert read(page)["live"] == ("Step 7 of 10, backward: The output layer's parameters. "
                                  "The table lists its 18 entries.")
    assert page.problems == []


def test_the_keyboard_moves_between_steps(page, site_url, data):
    open_stepthrough(page, site_url)
    figure = page.locator(".mlp-step__figure")
    figure.focus()
    figure.press("ArrowRight")
    check(page, data, 1)
    figure.press("End")
    check(page, data, 9)
    figure.press("ArrowRight")  # past the end: stays
    check(page, data, 9)
    figure.press("ArrowLeft")
    check(page, data, 8)
    figure.press("Home")
    check(page, data, 0)
    # From a button too; when it becomes disabled the focus stays in the widget.
    following = page.get_by_role("button", name="Next step")
    following.focus()
    following.press("End")
    check(page, data, 9)
    assert page.evaluate("document.activeElement.closest('[data-mlp-stepthrough]') !== null")
    assert page.problems == []


def test_the_chinese_page_speaks_chinese(page, site_url, data):
    open_stepthrough(page, site_url, "zh/backprop/")
    check(page, data, 0, "zh")
    page.get_by_role("button", name="下一步").click()
    state = check(page, data, 1, "zh")
    assert state["live"].startswith("第 2 步，共 10 步，正向：隐藏层的输入。")
    assert "上一步" in page.locator(".mlp-step__controls").inner_text()
    assert page.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_fits_a_phone_and_stays_legible_in_both_schemes(browser, site_url, data, scheme):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme,
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    open_stepthrough(page, site_url)
    for _ in range(6):
        page.get_by_role("button", name="Next step").click()
    check(page, data, 6)
    sizes = page.locator("[data-mlp-stepthrough]").evaluate("""root => ({
      overflow: root.scrollWidth - root.clientWidth,
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      figure: root.querySelector('.mlp-step__figure').getBoundingClientRect().width,
      value: parseFloat(getComputedStyle(root.querySelector('.mlp-step__value')).fontSize)
        * root.querySelector('svg').getBoundingClientRect().width / 360,
      buttons: [...root.querySelectorAll('button')].map(b => b.getBoundingClientRect().height),
    })""")
    assert sizes["overflow"] <= 0 and sizes["page"] <= 0, sizes
    assert sizes["figure"] > 300, sizes
    assert sizes["value"] >= 12, sizes  # node values at least 12 CSS px on a phone
    assert min(sizes["buttons"]) >= 40, sizes  # finger-sized targets
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("axe.run('[data-mlp-stepthrough]').then(r => r.violations.map("
                               "v => v.id + ': ' + v.nodes.map(n => n.target).join(' ')))")
    assert violations == []
    assert errors == []
    context.close()


def test_survives_instant_navigation(page, site_url, data):
    page.goto(f"{site_url}/mlp/", wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator("nav.md-nav a[href$='backprop/']").first.click()
    page.wait_for_url("**/backprop/")
    stepthrough_ready(page)
    assert page.evaluate("window.__sameDocument === true"), "not instant navigation"
    check(page, data, 0)
    page.get_by_role("button", name="Next step").click()
    check(page, data, 1)
    page.locator("nav.md-nav a[href$='initialization/']").first.click()
    page.wait_for_url("**/initialization/")
    page.locator("nav.md-nav a[href$='backprop/']").first.click()
    page.wait_for_url("**/backprop/")
    stepthrough_ready(page)
    check(page, data, 0)  # a fresh widget, set up again
    assert page.problems == []


def test_without_javascript_only_the_note_shows(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/backprop/")
    assert not page.locator(".mlp-step__ui").is_visible()
    assert page.locator(".mlp-step__noscript").is_visible()
    context.close()
