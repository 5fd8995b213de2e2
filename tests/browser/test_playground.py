"""The playground page in a reader's browser: the controls, the address, the replay.

Every number the widget shows is checked against the setting's JSON in the built site
(which tests/site/test_playground.py checks against the package): the widget only
looks numbers up. The tests drive it as a reader would: choices, the epoch slider by
keyboard, Play, back and forward, a link to a setting, instant navigation, both
languages and colour schemes, a phone's width; and they check that it logs no error,
asks no other host for anything and fetches a setting's file only once it is chosen.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from sitebuild.playground_data import DATA_DIR, DEFAULT_SETTING, rate_text, setting_name
from tests.browser.test_site import AXE, Recorder, axe_findings, toggle_scheme

pytestmark = pytest.mark.browser

WIDGET = "[data-mlp-playground]"
READ = """root => {
  const text = sel => root.querySelector(sel).textContent;
  const value = key => root.querySelector(`select[data-choice=${key}]`).value;
  return {
    setting: root.dataset.setting, epoch: Number(root.dataset.epoch),
    choices: {data: value('data'), activation: value('activation'), width: value('width'),
              rate: value('rate')},
    slider: Number(root.querySelector('.mlp-playground__epoch').value),
    sliderMax: Number(root.querySelector('.mlp-playground__epoch').max),
    valuetext: root.querySelector('.mlp-playground__epoch').getAttribute('aria-valuetext'),
    numbers: [...root.querySelectorAll('.mlp-playground__numbers dd')].map(d => d.textContent),
    live: text('.mlp-playground__live'),
    play: text('.mlp-playground__play'),
    messages: [...root.querySelectorAll('.mlp-playground__message')].map(
      p => [p.className.replace(/.*--/, ''), p.textContent]),
    deadUnits: [...root.querySelectorAll('.mlp-playground__unit')].map(
      (f, u) => f.classList.contains('mlp-playground__unit--dead') ? u : -1).filter(u => u >= 0),
    deadNodes: root.querySelectorAll('.mlp-playground__node--dead').length,
    units: root.querySelectorAll('.mlp-playground__unit').length,
    weights: root.querySelectorAll('.mlp-playground__weight').length,
    infinite: root.querySelectorAll('.mlp-playground__infinite').length,
    code: text('.mlp-playground__code code'),
    plane: root.querySelector('.mlp-playground__plane').getAttribute('aria-label'),
  };
}"""


def run_of(built_site, data, activation, width, rate) -> dict:
    name = f"{data}-{activation}-{width}-{rate}"
    return json.loads((built_site / DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.recorder = Recorder(page, urlsplit(site_url).netloc)
    page.fetched = []
    page.on("request", lambda r: f"/{DATA_DIR}/" in r.url and page.fetched.append(
        r.url.rsplit("/", 1)[1]))
    yield page
    context.close()


def ready(page):
    """Bring the widget into view (it fetches its data once the reader scrolls or comes
    near it) and wait until it is set up. In the page, polled: after an instant
    navigation the widget found first may be replaced before it is ready."""
    page.wait_for_function(f"""() => {{
        const root = document.querySelector('{WIDGET}');
        if (!root) return false;
        if (!root.hasAttribute('data-started')) root.scrollIntoView();
        return root.dataset.ready === 'yes';
    }}""")


def open_playground(page, site_url, query: str = "", lang: str = ""):
    page.goto(f"{site_url}/{lang}playground/{query}", wait_until="networkidle")
    ready(page)
    # Its top just below Material's header, which would otherwise cover the controls.
    page.evaluate(f"""() => window.scrollTo(0, scrollY - 80
        + document.querySelector('{WIDGET}').getBoundingClientRect().top)""")


def read(page) -> dict:
    return page.locator(WIDGET).evaluate(READ)


def shown(page, name: str, epoch: int) -> dict:
    """Wait until the widget shows setting ``name`` at ``epoch``; what it shows."""
    page.wait_for_function(
        """([name, epoch]) => { const root = document.querySelector('[data-mlp-playground]');
        return root.dataset.setting === name && Number(root.dataset.epoch) === epoch
          && !root.hasAttribute('aria-busy'); }""", arg=[name, epoch])
    return read(page)


def check_numbers(state: dict, run: dict, epoch: int, total: int):
    """The numbers shown are the JSON's numbers of ``epoch``."""
    train, test = (float(n.replace("\u2212", "-")) for n in state["numbers"][:2])
    assert train == pytest.approx(run["loss"]["train"][epoch], abs=5.1e-4)
    assert test == pytest.approx(run["loss"]["test"][epoch], abs=5.1e-4)
    correct = round(run["accuracy"]["test"][epoch] * total)
    percent = round(100 * run["accuracy"]["test"][epoch])
    accuracy = f"{percent} % ({correct} of {total} test points)"
    assert state["numbers"][2] == accuracy
    assert accuracy in state["live"] and accuracy in state["plane"]
    assert f"epoch {epoch} of {run['epochs']}" in state["live"]
    assert state["valuetext"] == f"Epoch {epoch} of {run['epochs']}"


def query(page) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


def test_opens_on_the_default_setting_at_its_last_epoch(page, site_url, built_site):
    open_playground(page, site_url)
    data, activation, width, lr = DEFAULT_SETTING
    name = setting_name(*DEFAULT_SETTING)
    run = run_of(built_site, data, activation, width, rate_text(lr))
    state = shown(page, name, 50)
    assert state["choices"] == {"data": data, "activation": activation, "width": str(width),
                                "rate": rate_text(lr)}
    assert state["slider"] == state["sliderMax"] == len(run["frames"]) - 1
    check_numbers(state, run, 50, 50)
    assert state["live"].startswith("two circles, ReLU, 4 hidden units, learning rate 1: ")
    assert state["code"] == run["code"]
    assert state["units"] == width and state["weights"] == 2 * width + width * 2
    assert state["play"] == "Replay" and state["messages"] == []
    assert page.url == f"{site_url}/playground/"  # the address is left alone until a choice
    # Only the index and the setting shown are fetched, each once.
    assert sorted(page.fetched) == sorted(["index.json", f"{name}.json"])
    assert page.recorder.take() == ([], [])


def test_a_choice_loads_that_setting_and_puts_it_in_the_address(page, site_url, built_site):
    open_playground(page, site_url)
    before = page.evaluate("history.length")
    for label, value, name in [("Data set", "xor", "xor-relu-4-1"),
                               ("Activation", "tanh", "xor-tanh-4-1"),
                               ("Hidden units", "8", "xor-tanh-8-1")]:
        page.get_by_label(label, exact=True).select_option(value)
        state = shown(page, name, 50)
    check_numbers(state, run_of(built_site, "xor", "tanh", 8, "1"), 50, 50)
    assert query(page) == {"data": "xor", "activation": "tanh", "width": "8", "rate": "1",
                           "epoch": "50"}
    assert page.evaluate("history.length") == before + 3  # one entry a setting shown
    assert "xor-tanh-8-1.json" in page.fetched and "xor-relu-4-1.json" in page.fetched
    assert "spiral-relu-4-1.json" not in page.fetched  # nothing is fetched ahead
    assert page.recorder.take() == ([], [])


def test_a_link_to_a_setting_and_an_epoch_opens_it_and_survives_a_reload(page, site_url,
                                                                         built_site):
    link = "?data=iris&activation=sigmoid&width=2&rate=0.01&epoch=12"
    open_playground(page, site_url, link)
    run = run_of(built_site, "iris", "sigmoid", 2, "0.01")
    state = shown(page, "iris-sigmoid-2-0.01", 12)
    assert state["choices"] == {"data": "iris", "activation": "sigmoid", "width": "2",
                                "rate": "0.01"}
    check_numbers(state, run, 12, 30)
    assert [f["epoch"] for f in run["frames"]][state["slider"]] == 12
    assert "setosa" in page.locator(".mlp-playground__legend").inner_text()
    page.reload(wait_until="networkidle")
    ready(page)
    check_numbers(shown(page, "iris-sigmoid-2-0.01", 12), run, 12, 30)
    # An epoch between two recorded ones shows the last recorded before it.
    open_playground(page, site_url, link.replace("epoch=12", "epoch=16"))
    shown(page, "iris-sigmoid-2-0.01", 14)
    assert page.recorder.take() == ([], [])


def test_an_address_with_unknown_values_falls_back_to_the_defaults(page, site_url):
    open_playground(page, site_url, "?data=moons&activation=step&width=7&rate=3&epoch=-2")
    state = shown(page, setting_name(*DEFAULT_SETTING), 50)
    assert state["choices"]["data"] == DEFAULT_SETTING[0]
    assert page.recorder.take() == ([], [])


def test_back_and_forward_walk_through_the_settings_chosen(page, site_url):
    open_playground(page, site_url)
    page.get_by_label("Activation", exact=True).select_option("tanh")
    shown(page, "circles-tanh-4-1", 50)
    slider = page.get_by_label("Epoch", exact=True)
    slider.focus()
    slider.press("Home")
    slider.press("ArrowRight")
    slider.press("ArrowRight")
    shown(page, "circles-tanh-4-1", 2)
    page.get_by_label("Hidden units", exact=True).select_option("8")
    shown(page, "circles-tanh-8-1", 2)
    page.go_back()
    state = shown(page, "circles-tanh-4-1", 2)  # the epoch it was left at
    assert state["choices"]["width"] == "4" and query(page)["epoch"] == "2"
    page.go_back()
    shown(page, setting_name(*DEFAULT_SETTING), 50)
    assert urlsplit(page.url).query == ""
    page.go_forward()
    shown(page, "circles-tanh-4-1", 2)
    page.go_forward()
    assert shown(page, "circles-tanh-8-1", 2)["choices"]["width"] == "8"
    assert page.recorder.take() == ([], [])


def test_play_replays_every_recorded_epoch_then_offers_a_replay(page, site_url, built_site):
    open_playground(page, site_url, "?data=xor&activation=relu&width=3&rate=1&epoch=0")
    run = run_of(built_site, "xor", "relu", 3, "1")
    assert shown(page, "xor-relu-3-1", 0)["play"] == "Play"
    page.evaluate("""() => { window.__epochs = [];
        new MutationObserver(() => window.__epochs.push(
            Number(document.querySelector('[data-mlp-playground]').dataset.epoch)))
          .observe(document.querySelector('[data-mlp-playground]'),
                   {attributes: true, attributeFilter: ['data-epoch']}); }""")
    play = page.locator(".mlp-playground__play")
    play.click()
    page.wait_for_function("document.querySelector('[data-mlp-playground]')"
                           ".hasAttribute('data-playing')")
    assert play.inner_text() == "Pause"
    page.wait_for_function("!document.querySelector('[data-mlp-playground]')"
                           ".hasAttribute('data-playing')", timeout=30_000)
    epochs = [f["epoch"] for f in run["frames"]]
    assert page.evaluate("window.__epochs") == epochs[1:]
    state = shown(page, "xor-relu-3-1", 50)
    check_numbers(state, run, 50, 50)
    assert state["play"] == "Replay" and query(page)["epoch"] == "50"
    # Pause stops where it is; the address keeps that epoch.
    play.click()
    page.wait_for_function("Number(document.querySelector('[data-mlp-playground]')"
                           ".dataset.epoch) >= 2")
    play.click()
    stopped = read(page)["epoch"]
    page.wait_for_timeout(900)
    assert read(page)["epoch"] == stopped and query(page)["epoch"] == str(stopped)
    assert read(page)["play"] == "Play"
    assert page.recorder.take() == ([], [])


def test_the_epoch_slider_works_by_keyboard_and_the_summary_is_read_out(page, site_url,
                                                                         built_site):
    open_playground(page, site_url, "?data=blobs&activation=sigmoid&width=2&rate=1")
    run = run_of(built_site, "blobs", "sigmoid", 2, "1")
    slider = page.get_by_label("Epoch", exact=True)
    slider.focus()
    slider.press("Home")
    slider.press("ArrowRight")
    slider.press("ArrowRight")
    slider.press("ArrowRight")
    state = shown(page, "blobs-sigmoid-2-1", 3)
    page.wait_for_function("document.querySelector('.mlp-playground__live').textContent"
                           ".includes('epoch 3 of 50')")
    check_numbers(read(page), run, 3, 50)
    slider.press("End")
    shown(page, "blobs-sigmoid-2-1", 50)
    assert state["messages"] == []
    assert page.recorder.take() == ([], [])


def test_what_went_wrong_is_named(page, site_url, built_site):
    # No activation and a rate too large: a straight line, then divergence.
    open_playground(page, site_url, "?data=xor&activation=identity&width=8&rate=10")
    run = run_of(built_site, "xor", "identity", 8, "10")
    last = run["diverged_at"] - 1
    state = shown(page, "xor-identity-8-10", last)
    kinds = dict(state["messages"])
    assert "straight line" in kinds["identity"]
    assert kinds["diverged"] == (f"Diverged: in epoch {run['diverged_at']} the loss stopped "
                                 f"being finite, and training stopped. The last finite "
                                 f"network, of epoch {last}, is shown.")
    assert state["infinite"] == 1 and state["valuetext"] == f"Epoch {last} of 50"
    assert f"epoch {run['diverged_at']}" in state["live"]
    # A rate too large for ReLU: the dead units are named and marked. The new setting
    # shows the last epoch it recorded up to the one shown before.
    page.get_by_label("Activation", exact=True).select_option("relu")
    run = run_of(built_site, "xor", "relu", 8, "10")
    last = max(f["epoch"] for f in run["frames"] if f["epoch"] <= last)
    state = shown(page, "xor-relu-8-10", last)
    dead = next(f["dead"] for f in run["frames"] if f["epoch"] == last)
    assert state["deadUnits"] == dead and state["deadNodes"] == len(dead) and dead
    assert "Dead ReLU units" in dict(state["messages"])["dead-units"]
    assert dict(state["messages"])["rose"].startswith("The training loss ended higher")
    # A rate too small: stalled (tanh on XOR; ReLU there learns, slowly).
    page.get_by_label("Learning rate", exact=True).select_option("0.01")
    page.get_by_label("Activation", exact=True).select_option("tanh")
    run = run_of(built_site, "xor", "tanh", 8, "0.01")
    state = shown(page, "xor-tanh-8-0.01", last)
    assert run["verdict"] == "stalled"
    assert dict(state["messages"])["stalled"] == (
        f"Stalled: in 50 epochs the training loss fell only from "
        f"{run['loss']['train'][0]:.3f} to {run['loss']['train'][-1]:.3f}.")
    assert page.recorder.take() == ([], [])


def test_the_widget_survives_instant_navigation(page, site_url):
    page.goto(f"{site_url}/training/", wait_until="networkidle")
    page.evaluate("window.__stillTheSameDocument = true")
    page.locator("nav.md-nav--primary a[href$='playground/']").first.click()
    page.wait_for_url("**/playground/")
    ready(page)
    page.get_by_label("Data set", exact=True).select_option("spiral")
    shown(page, "spiral-relu-4-1", 50)
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url("**/summary/")
    page.go_back()
    page.wait_for_url("**/playground/?*")
    ready(page)
    shown(page, "spiral-relu-4-1", 50)
    assert page.evaluate("window.__stillTheSameDocument === true")
    assert page.recorder.take() == ([], [])


def test_the_chinese_page_speaks_chinese(page, site_url):
    open_playground(page, site_url, "?data=iris&activation=tanh&width=3&rate=1&epoch=10",
                    lang="zh/")
    state = shown(page, "iris-tanh-3-1", 10)
    assert page.get_by_label("学习率", exact=True).input_value() == "1"
    assert state["live"].startswith(
        "鸢尾花瓣，tanh，3 个隐藏单元，学习率 1：第 10 个迭代周期，共 50 个。")
    assert re.search(r"测试准确率 \d+ %（30 个测试样本中答对 \d+ 个）", state["live"])
    assert state["valuetext"] == "第 10 个迭代周期，共 50 个"
    assert page.recorder.take() == ([], [])


def widget_axe_findings(page) -> list[str]:
    # From the top of the page: axe scrolls to what it checks, and a control scrolled
    # under Material's fixed header would be judged on the header's colour.
    page.evaluate("window.scrollTo(0, 0)")
    return axe_findings(page, context={"include": [[WIDGET]]})


def canvas_corner(page) -> list[int]:
    return page.evaluate("""() => [...document.querySelector('.mlp-playground__plane')
        .getContext('2d').getImageData(4, 4, 1, 1).data]""")


@pytest.mark.parametrize("first", ["light", "dark"])
def test_both_colour_schemes_pass_axe_and_redraw_the_drawings(browser, site_url, first):
    assert AXE.is_file(), f"{AXE} missing: run `make setup` (npm ci)"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=first)
    page = context.new_page()
    recorder = Recorder(page, urlsplit(site_url).netloc)
    open_playground(page, site_url, "?data=circles&activation=relu&width=8&rate=10&epoch=6")
    shown(page, "circles-relu-8-10", 6)  # dead units and messages on show
    before = canvas_corner(page)
    assert widget_axe_findings(page) == []
    other = "slate" if first == "light" else "default"
    toggle_scheme(page, other)
    after = canvas_corner(page)
    assert after != before  # the canvas follows the page's colours
    lighter = sum(after) > sum(before)
    assert lighter == (other == "default")
    assert widget_axe_findings(page) == []
    assert recorder.take() == ([], [])
    context.close()


def test_fits_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    recorder = Recorder(page, urlsplit(site_url).netloc)
    open_playground(page, site_url, "?data=iris&activation=relu&width=8&rate=10&epoch=50")
    shown(page, "iris-relu-8-10", 50)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    overflowing = page.locator(WIDGET).evaluate("""root => [...root.querySelectorAll('*')]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map(el => el.className.baseVal ?? el.className)""")
    assert overflowing == []
    assert page.locator(".mlp-playground__plane").bounding_box()["width"] >= 280
    assert recorder.take() == ([], [])
    context.close()


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_a_phone_fetches_the_widgets_data_only_once_the_reader_scrolls(browser, site_url, lang):
    # Opened at its top on a phone, the page shows the figure and text above the widget:
    # its data (index.json and a run) wait until the reader scrolls, or the widget is
    # within half a screen of being seen (a wider screen, below).
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    recorder = Recorder(page, urlsplit(site_url).netloc)
    fetched = []
    page.on("request", lambda r: f"/{DATA_DIR}/" in r.url and fetched.append(
        r.url.rsplit("/", 1)[1]))
    page.goto(f"{site_url}/{lang}playground/", wait_until="networkidle")
    below = page.locator(WIDGET).evaluate("root => root.getBoundingClientRect().top")
    assert below > 823 * 1.5  # out of the first screen, by more than half a screen
    page.wait_for_timeout(500)
    assert fetched == [] and page.locator(f"{WIDGET}[data-started]").count() == 0
    page.mouse.wheel(0, 60)
    page.wait_for_selector(f"{WIDGET}[data-ready=yes]", state="attached")
    assert fetched == ["index.json", f"{setting_name(*DEFAULT_SETTING)}.json"]
    assert page.locator(WIDGET).evaluate("root => root.getBoundingClientRect().top") > 823
    assert recorder.take() == ([], [])
    context.close()


def test_a_widget_within_half_a_screen_of_the_first_fetches_its_data_at_once(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    fetched = []
    page.on("request", lambda r: f"/{DATA_DIR}/" in r.url and fetched.append(
        r.url.rsplit("/", 1)[1]))
    page.goto(f"{site_url}/playground/", wait_until="networkidle")
    below = page.locator(WIDGET).evaluate("root => root.getBoundingClientRect().top")
    assert 1000 < below < 1.5 * 1000
    page.wait_for_selector(f"{WIDGET}[data-ready=yes]", state="attached")
    assert page.evaluate("scrollY") == 0
    assert fetched == ["index.json", f"{setting_name(*DEFAULT_SETTING)}.json"]
    context.close()


def test_without_javascript_the_note_and_the_figure_show(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/playground/")
    assert not page.locator(".mlp-playground__ui").is_visible()
    assert page.locator(".mlp-playground__noscript").is_visible()
    assert page.locator("#figure-playground_end img[src*='-light.svg']").is_visible()
    context.close()
