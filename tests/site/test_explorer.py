"""The 1.2 page's derivative explorer shows what mlp_edu computes, and a reader can use it.

The data tests check that the table the site serves is the package's numbers.
The browser tests drive the widget in headless chromium the way a reader would
(keyboard, a picked activation, both colour schemes, instant navigation) and
check every number it shows, and the slope of the tangent it draws, against
``mlp_edu.activations`` evaluated here.
"""

from __future__ import annotations

import json

import numpy as np

from mlp_edu import activations
from sitebuild import explorer
from sitebuild.explorer import expand_explorer
from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MINUS = "\u2212"


# --- the data -------------------------------------------------------------------------

def test_the_json_holds_the_package_values_on_the_grid():
    data = json.loads(explorer.explorer_json())
    x = np.array(data["x"]["values"])
    assert x[0] == -8 and x[-1] == 8 and len(x) == 321
    assert np.array_equal(x, np.arange(-160, 161) / 20)  # each point the double nearest k/20
    assert data["x"]["step"] == 0.05
    for entry in data["activations"]:
        f = getattr(activations, entry["name"])
        grad = getattr(activations, entry["name"] + "_grad")
        # Written in full, read back exactly: the JSON is the package's numbers, bit for bit.
        assert np.array_equal(np.array(entry["f"]), f(x)), entry["name"]
        assert np.array_equal(np.array(entry["grad"]), grad(x)), entry["name"]


def test_every_activation_with_a_derivative_is_offered_chapter_ones_first():
    names = [entry["name"] for entry in json.loads(explorer.explorer_json())["activations"]]
    assert names[:3] == ["relu", "sigmoid", "tanh"]
    callable_with_x_alone = [name for name, activation in activations.CATALOGUE.items()
                             if explorer._takes_x_alone(activation)]
    assert names == callable_with_x_alone
    assert set(names) == set(activations.CATALOGUE)  # every one has defaults for its parameters
    assert len(names) == len(set(names))


def test_the_default_is_on_the_grid_and_offered():
    data = json.loads(explorer.explorer_json())
    assert data["default"]["x"] in data["x"]["values"]
    assert data["default"]["activation"] in [a["name"] for a in data["activations"]]


def test_the_markup_has_labelled_controls_a_live_region_and_a_noscript_note():
    markup = expand_explorer("before\n\n[[explorer]]\n\nafter")
    assert "[[explorer]]" not in markup
    for control in ("activation", "x"):  # each control named by its own label
        assert markup.count(f'for="mlp-explorer-{control}"') == 1
        assert markup.count(f'id="mlp-explorer-{control}"') == 1
    assert "<select" in markup and 'type="range"' in markup
    assert 'aria-live="polite"' in markup
    assert "<noscript>" in markup
    for activation in explorer.explorer_activations():
        assert f'<option value="{activation.name}"' in markup


def test_the_built_site_serves_the_json_and_the_page_has_the_widget(built_site):
    served = built_site / explorer.DATA_PATH
    assert served.read_bytes() == explorer.explorer_json()
    html = (built_site / "activations" / "index.html").read_text(encoding="utf-8")
    assert html.count("data-mlp-explorer") == 1
    assert "[[explorer]]" not in html
    assert "javascripts/assets.js" in html and "stylesheets/explorer.css" in html
    assert (built_site / "javascripts" / "explorer.js").is_file()  # assets.js adds it
