"""The backpropagation step-through shows what mlp_edu.backprop computes.

The JSON the site serves holds the package's numbers for the first flower
(recomputed here from :mod:`mlp_edu.backprop`), each step shows the
quantities its words name, and the markup is there in both languages.
tests/browser/test_stepthrough.py drives the widget as a reader would.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import sitebuild.stepthrough as stepthrough
from mlp_edu.backprop import backward, example_minibatch, forward
from mlp_edu.losses import softmax

# --- the data -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(stepthrough.stepthrough_json())


def test_the_json_holds_the_packages_numbers_for_the_first_flower(data):
    net, X, y = example_minibatch(1)
    fp = forward(net, X, y)
    g = backward(fp, net)
    expected = {
        "x": {"input": X}, "z": {"hidden": fp.Z}, "h": {"hidden": fp.H}, "o": {"output": fp.O},
        "loss": {"output": softmax(fp.O), "loss": [fp.loss]}, "grad_o": {"output": g["O"]},
        "grad_h": {"hidden": g["H"]}, "grad_z": {"hidden": g["Z"]},
    }
    steps = {step["key"]: step for step in data["steps"]}
    assert list(steps) == [s.key for s in stepthrough.STEPS]
    for key, rows in expected.items():
        for layer, values in rows.items():
            # Written in full, read back exactly: the JSON is the package's numbers, bit for bit.
            assert steps[key]["rows"][layer]["values"] == np.ravel(values).tolist(), (key, layer)
    for key, name in [("grad_W_o", "W_o"), ("grad_W_h", "W_h")]:
        assert steps[key]["edges"]["values"] == g[name].tolist()
        table = steps[key]["table"]["rows"]
        assert [row["values"] for row in table[:-1]] == g[name].tolist()
        assert table[-1]["values"] == g["b" + name[1:]].ravel().tolist()
        sizes = np.array(steps[key]["edges"]["sizes"])
        assert sizes.max() == 1 and np.allclose(sizes, np.abs(g[name]) / np.abs(g[name]).max(),
                                                atol=1e-4)
    assert data["flower"]["species"] == "setosa" and data["flower"]["inputs"] == X[0].tolist()


def test_each_row_keeps_the_latest_quantity_of_its_layer(data):
    symbols = [{layer: row["symbol"] for layer, row in step["rows"].items()}
               for step in data["steps"]]
    assert symbols[0] == {"input": "x"}
    assert symbols[2] == {"input": "x", "hidden": "h"}
    assert symbols[4] == {"input": "x", "hidden": "h", "output": "ŷ", "loss": "ℓ"}
    assert symbols[-1] == {"input": "x", "hidden": "∂ℓ/∂z", "output": "∂ℓ/∂o", "loss": "ℓ"}
    directions = [step["direction"] for step in data["steps"]]
    assert directions == ["forward"] * 5 + ["backward"] * 5


def test_a_unit_that_is_off_passes_no_gradient(data):
    steps = {step["key"]: step for step in data["steps"]}
    off = [i for i, z in enumerate(steps["z"]["rows"]["hidden"]["values"]) if z <= 0]
    assert off, "the example flower switches some unit off"
    for i in off:
        assert steps["grad_z"]["rows"]["hidden"]["values"][i] == 0
        assert all(v == 0 for v in steps["grad_W_o"]["edges"]["values"][i])


def test_the_markup_has_native_buttons_a_live_region_and_every_steps_words():
    for lang, previous, following in [("en", "Previous step", "Next step"),
                                      ("zh", "上一步", "下一步")]:
        markup = stepthrough.expand_stepthrough("a\n\n[[stepthrough]]\n\nb", lang)
        assert "[[stepthrough]]" not in markup and f'lang="{lang}"' in markup
        assert markup.count('<button type="button"') == 2
        assert f">{previous}</button>" in markup and f">{following}</button>" in markup
        assert 'aria-live="polite"' in markup and "<noscript>" in markup
        assert markup.count("data-step-text=") == len(stepthrough.STEPS)
        assert markup.count('<span class="arithmatex">') == len(stepthrough.STEPS)
    assert stepthrough.expand_stepthrough("no marker here") == "no marker here"


def test_the_built_site_serves_the_json_and_the_pages_have_the_widget(built_site):
    served = built_site / stepthrough.DATA_PATH
    assert served.read_bytes() == stepthrough.stepthrough_json()
    for page in ["backprop", "zh/backprop"]:
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert html.count("data-mlp-stepthrough") == 1 and "[[stepthrough]]" not in html
        assert "javascripts/assets.js" in html and "stylesheets/stepthrough.css" in html
        assert (built_site / "javascripts" / "stepthrough.js").is_file()  # assets.js adds it
        assert html.count('class="katex"') >= len(stepthrough.STEPS)  # formulas typeset
