"""The derivative explorer in the browser: a reader moves x, picks an activation,
reads the numbers (checked against mlp_edu.activations) in both colour schemes.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mlp_edu import activations
from sitebuild import explorer
from tests.site.test_explorer import AXE, MINUS

# --- in the browser -------------------------------------------------------------------

def shown(value: float, digits: int) -> str:
    """A number as the widget shows it: fixed digits, no negative zero, a real minus sign."""
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def expected(name: str, x: float) -> dict:
    f = float(getattr(activations, name)(x))
    grad = float(getattr(activations, name + "_grad")(x))
    label = activations.CATALOGUE[name].label
    return {
        "x": shown(x, 2), "f": shown(f, 4), "grad": shown(grad, 4), "slope": grad, "y": f,
        "live": f"x = {shown(x, 2)}, {label}(x) = {shown(f, 4)}, derivative {shown(grad, 4)}",
    }


READ = """root => {
  const svg = root.querySelector('svg');
  const line = root.querySelector('.mlp-explorer__tangent');
  const point = root.querySelector('.mlp-explorer__point');
  const num = (el, name) => parseFloat(el.getAttribute(name));
  const text = cls => root.querySelector(cls).textContent;
  return {
    activation: root.querySelector('select').value,
    slider: root.querySelector('input[type=range]').value,
    x: text('.mlp-explorer__value-x'), f: text('.mlp-explorer__value-f'),
    grad: text('.mlp-explorer__value-grad'), live: text('.mlp-explorer__live'),
    label: svg.getAttribute('aria-label'), role: svg.getAttribute('role'),
    valuetext: root.querySelector('input[type=range]').getAttribute('aria-valuetext'),
    box: svg.dataset.plotBox.split(' ').map(Number),
    xDomain: svg.dataset.xDomain.split(' ').map(Number),
    yDomain: svg.dataset.yDomain.split(' ').map(Number),
    line: ['x1', 'y1', 'x2', 'y2'].map(name => num(line, name)),
    point: [num(point, 'cx'), num(point, 'cy')],
  };
}"""


def read(page) -> dict:
    return page.locator("[data-mlp-explorer]").evaluate(READ)


def to_data(state: dict, px: float, py: float) -> tuple[float, float]:
    """SVG coordinates to (x, y) in the plot's data coordinates."""
    left, top, width, height = state["box"]
    (x0, x1), (y0, y1) = state["xDomain"], state["yDomain"]
    return x0 + (px - left) / width * (x1 - x0), y1 - (py - top) / height * (y1 - y0)


def check(page, name: str, x: float) -> dict:
    """The widget shows activation ``name`` at ``x`` with the package's numbers."""
    want = expected(name, x)
    # The live region speaks a moment after the last change, so a held key is not read out.
    page.wait_for_function(
        "want => document.querySelector('.mlp-explorer__live').textContent === want",
        arg=want["live"])
    state = read(page)
    assert state["activation"] == name
    assert math.isclose(float(state["slider"]), x, abs_tol=1e-9), state["slider"]
    assert (state["x"], state["f"], state["grad"]) == (want["x"], want["f"], want["grad"]), (
        state, want)
    assert state["live"] == want["live"]
    assert state["valuetext"] == f"x = {want['x']}"
    assert state["role"] == "img"
    assert f"At x = {want['x']} the function is {want['f']}" in state["label"]
    assert f"slope {want['grad']}." in state["label"]
    # The tangent drawn is the tangent: slope f'(x), through the point (x, f(x)).
    (ax, ay), (bx, by) = to_data(state, *state["line"][:2]), to_data(state, *state["line"][2:])
    slope = (by - ay) / (bx - ax)
    assert math.isclose(slope, want["slope"], rel_tol=1e-4, abs_tol=1e-5), (slope, want)
    px, py = to_data(state, *state["point"])
    assert math.isclose(px, x, abs_tol=1e-4) and math.isclose(py, want["y"], abs_tol=1e-4)
    assert math.isclose(ay + slope * (px - ax), py, abs_tol=1e-3)
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


def widget_ready(page, selector: str) -> None:
    """Wait until the widget ``selector`` has its data: it asks for them once the
    reader scrolls or nears it (javascripts/assets.js).

    Each poll brings the page's current widget into view (instant navigation may
    replace the page, and the widget with it, while this waits)."""
    page.wait_for_function("""selector => {
      const widget = document.querySelector(selector);
      if (!widget) return false;
      widget.scrollIntoView({block: "nearest"});
      return widget.getAttribute("data-ready") === "yes";
    }""", arg=selector)


def explorer_ready(page):
    widget_ready(page, "[data-mlp-explorer]")


def open_explorer(page, site_url):
    page.goto(f"{site_url}/activations/", wait_until="networkidle")
    explorer_ready(page)


def test_the_data_are_fetched_when_the_reader_nears_the_explorer_not_before(page, site_url):
    asked = []
    page.on("request", lambda r: r.url.endswith("explorer.json") and asked.append(r.url))
    page.goto(f"{site_url}/activations/", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert asked == [] and page.locator("[data-mlp-explorer][data-started]").count() == 0
    explorer_ready(page)
    assert len(asked) == 1


def test_starts_at_sigmoid_of_one(page, site_url):
    open_explorer(page, site_url)
    state = check(page, "sigmoid", 1.0)
    assert (state["x"], state["f"], state["grad"]) == ("1.00", "0.7311", "0.1966")
    assert state["live"] == "x = 1.00, sigmoid(x) = 0.7311, derivative 0.1966"
    assert page.locator("[data-mlp-explorer] noscript").count() == 1
    assert page.problems == []


def test_keyboard_moves_x_and_the_numbers_follow(page, site_url):
    open_explorer(page, site_url)
    slider = page.get_by_label("Input x", exact=True)  # the label names the control
    slider.focus()
    slider.press("ArrowRight")
    check(page, "sigmoid", 1.05)
    for _ in range(3):
        slider.press("ArrowLeft")
    check(page, "sigmoid", 0.9)
    slider.press("End")
    check(page, "sigmoid", 8.0)
    slider.press("Home")
    check(page, "sigmoid", -8.0)
    slider.press("ArrowRight")
    check(page, "sigmoid", -7.95)
    slider.fill("-2.5")
    check(page, "sigmoid", -2.5)
    slider.fill("0")
    check(page, "sigmoid", 0.0)
    assert page.problems == []


def test_every_activation_can_be_picked_and_shows_its_own_numbers(page, site_url):
    open_explorer(page, site_url)
    picker = page.get_by_label("Activation", exact=True)
    slider = page.get_by_label("Input x", exact=True)
    names = [a.name for a in explorer.explorer_activations()]
    assert picker.locator("option").evaluate_all("os => os.map(o => o.value)") == names
    x = 1.0  # where the slider starts; each round below leaves it at 0
    for name in names:
        picker.select_option(name)
        check(page, name, x)
        slider.fill("-1.5")
        check(page, name, -1.5)
        slider.fill("2.35")
        check(page, name, 2.35)
        slider.fill("0")
        check(page, name, 0.0)
        x = 0.0
    # ReLU's slope at 0 is the package's convention, 0; just right of it, 1.
    picker.select_option("relu")
    check(page, "relu", 0.0)
    slider.press("ArrowRight")
    assert check(page, "relu", 0.05)["grad"] == "1.0000"
    assert page.problems == []


def test_the_picker_works_by_keyboard(page, site_url):
    open_explorer(page, site_url)
    picker = page.get_by_label("Activation", exact=True)
    picker.focus()
    picker.press("ArrowUp")  # a closed select changes its value with the arrow keys
    check(page, "relu", 1.0)
    picker.press("ArrowDown")
    picker.press("ArrowDown")
    check(page, "tanh", 1.0)
    assert page.problems == []


def relative_luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted([relative_luminance(a), relative_luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


COLOURS = """root => {
  const style = sel => getComputedStyle(root.querySelector(sel));
  return {
    background: getComputedStyle(document.body).backgroundColor,
    curve: style('.mlp-explorer__curve').stroke, tangent: style('.mlp-explorer__tangent').stroke,
    point: style('.mlp-explorer__point').fill, tick: style('.mlp-explorer__tick').fill,
    value: style('.mlp-explorer__value-f').color,
  };
}"""


def opaque(colour: str, background: str) -> str:
    """``rgba(...)`` composited over an opaque background, as ``rgb(...)``."""
    values = [float(v) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")]
    if len(values) == 3:
        return colour
    r, g, b, a = values
    bg = [float(v) for v in background[background.index("(") + 1:background.index(")")]
          .split(",")[:3]]
    mixed = [round(a * c + (1 - a) * d) for c, d in zip((r, g, b), bg, strict=True)]
    return f"rgb({mixed[0]}, {mixed[1]}, {mixed[2]})"


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_both_colour_schemes_are_legible_and_correct(page, site_url, scheme):
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    open_explorer(page, site_url)
    if page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme:
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    colours = page.locator("[data-mlp-explorer]").evaluate(COLOURS)
    background = colours.pop("background")
    for part, colour in colours.items():
        # WCAG: 3:1 for the parts of a graphic, 4.5:1 for text (the values and ticks).
        need = 4.5 if part in {"value", "tick"} else 3.0
        ratio = contrast(opaque(colour, background), background)
        assert ratio >= need, (scheme, part, colour, background, ratio)
    page.get_by_label("Activation", exact=True).select_option("tanh")
    page.get_by_label("Input x", exact=True).fill("-0.75")
    check(page, "tanh", -0.75)
    assert page.problems == []


def test_survives_instant_navigation(page, site_url):
    page.goto(f"{site_url}/", wait_until="networkidle")
    page.locator("nav.md-nav a[href$='activations/']").first.click()
    page.wait_for_url("**/activations/")
    explorer_ready(page)
    check(page, "sigmoid", 1.0)
    page.get_by_label("Input x", exact=True).fill("3")
    check(page, "sigmoid", 3.0)
    # Away and back again: a fresh widget on the new page is set up as well.
    page.locator("nav.md-nav a[href$='autograd/']").first.click()
    page.wait_for_url("**/autograd/")
    page.locator("nav.md-nav a[href$='activations/']").first.click()
    page.wait_for_url("**/activations/")
    explorer_ready(page)
    check(page, "sigmoid", 1.0)
    assert page.problems == []


def test_without_javascript_only_the_note_shows(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/activations/")
    assert not page.locator(".mlp-explorer__ui").is_visible()
    assert page.locator(".mlp-explorer__noscript").is_visible()
    context.close()


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (npm ci)")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_accessibility_violations_in_the_widget(page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    open_explorer(page, site_url)
    page.add_script_tag(path=str(Path(AXE)))
    result = page.evaluate("axe.run('[data-mlp-explorer]').then(r => r.violations.map("
                           "v => v.id + ': ' + v.nodes.map(n => n.target).join(' ')))")
    assert result == []
