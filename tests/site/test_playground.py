"""The playground's files in the built site: every setting, within budget, the same as a
fresh run of the package, reproduced by the code the page shows; and the cache that
keeps the build quick never serves a stale run."""

from __future__ import annotations

import base64
import doctest
import gzip
import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlp_edu import playground
from mlp_edu.playground import cached_run, train_playground
from sitebuild import playground as site_playground
from sitebuild.playground import expand_playground
from sitebuild.playground_data import (
    DATA_DIR,
    DEFAULT_SETTING,
    LEVELS,
    index_json,
    quantise,
    rate_text,
    run_json,
    setting_name,
)
from tests.conftest import ROOT

PER_SETTING_BUDGET = 60 * 1024  # bytes, gzipped
TOTAL_BUDGET = 6 * 1024 * 1024
# A plain run, one that diverges, one whose ReLU units die, three classes.
CHECKED = [("circles", "relu", 4, 1.0), ("xor", "identity", 8, 10.0),
           ("xor", "relu", 8, 10.0), ("iris", "sigmoid", 2, 0.01)]


def published(built_site, setting) -> bytes:
    return (built_site / DATA_DIR / f"{setting_name(*setting)}.json").read_bytes()


# --- the format -------------------------------------------------------------------------

@given(st.lists(st.floats(-50, 50), min_size=1, max_size=40), st.floats(0.01, 100))
def test_quantise_keeps_every_value_within_half_a_step(values, spread):
    values = np.array(values)
    low, high = values.min(), values.max() + spread
    steps = quantise(values, low, high)
    back = low + steps * (high - low) / (LEVELS - 1)
    assert steps.dtype == np.uint8 and steps.max() < LEVELS
    assert np.all(np.abs(back - values) <= (high - low) / (LEVELS - 1) / 2 * (1 + 1e-9))


def test_quantise_refuses_values_that_are_not_finite():
    with pytest.raises(ValueError, match="not finite"):
        quantise(np.array([0.0, np.nan]), 0.0, 1.0)


def test_the_json_holds_the_run_within_the_quantisation():
    run = cached_run("iris", "tanh", 3, 1.0)
    data = json.loads(run_json(run))
    assert data["loss"]["train"] == pytest.approx(run.train_loss, rel=1e-3)
    assert data["accuracy"]["test"] == pytest.approx(run.test_accuracy, rel=1e-3)
    assert [f["epoch"] for f in data["frames"]] == [f.epoch for f in run.frames]
    g, h = playground.GRID, playground.HIDDEN_GRID
    for stored, frame in zip(data["frames"], run.frames, strict=True):
        classes = np.frombuffer(base64.b64decode(stored["class"]), np.uint8).reshape(g, g)
        assert np.array_equal(classes, frame.probabilities.argmax(axis=-1))
        confidence = np.frombuffer(base64.b64decode(stored["confidence"]), np.uint8)
        q = frame.probabilities.shape[-1]
        back = 1 / q + confidence * (1 - 1 / q) / (LEVELS - 1)
        assert np.allclose(back, frame.probabilities.max(axis=-1).ravel(),
                           atol=(1 - 1 / q) / (LEVELS - 1) / 2 + 1e-12)
        hidden = np.frombuffer(base64.b64decode(stored["hidden"]), np.uint8).reshape(-1, h, h)
        for unit, (low, high) in enumerate(stored["range"]):
            back = low + hidden[unit] * (high - low) / (LEVELS - 1)
            assert np.allclose(back, frame.hidden[unit], atol=(high - low) / (LEVELS - 1) / 2
                               + 1e-3 * max(abs(low), abs(high)))
        assert np.allclose(stored["W_h"], frame.W_h, rtol=1e-3)
        assert stored["dead"] == list(frame.dead)


def test_the_index_holds_every_choice_and_every_point():
    index = json.loads(index_json())
    assert [d["name"] for d in index["datasets"]] == list(playground.DATASETS)
    assert index["widths"] == list(playground.WIDTHS)
    default = index["default"]
    assert (default["data"], default["activation"], default["width"]) == (
        DEFAULT_SETTING[:3])
    for entry in index["datasets"]:
        data = playground.plane_data(entry["name"])
        assert np.allclose([p[:2] for p in entry["test"]], data.X_test, atol=1e-3)
        assert [p[2] for p in entry["train"]] == data.y_train.tolist()


def test_the_markup_has_labelled_controls_a_live_region_and_a_noscript_note():
    markup = expand_playground("before\n\n[[playground]]\n\nafter")
    assert "[[playground]]" not in markup
    for control in ["data", "activation", "width", "rate", "epoch"]:
        assert markup.count(f'<label for="mlp-playground-{control}"') == 1
        assert markup.count(f'id="mlp-playground-{control}"') == 1
    assert markup.count("<select") == 4 and 'type="range"' in markup
    assert '<button type="button"' in markup and 'aria-live="polite"' in markup
    assert "<noscript>" in markup
    for rate in playground.LEARNING_RATES:
        assert f'<option value="{rate_text(rate)}"' in markup


# --- the cache --------------------------------------------------------------------------

def test_the_cache_key_follows_the_modules_a_run_imports():
    names = {path.relative_to(ROOT).as_posix() for path in site_playground.run_sources()}
    for needed in ["mlp_edu/playground.py", "mlp_edu/mlp.py", "mlp_edu/losses.py",
                   "mlp_edu/training.py", "mlp_edu/data/iris.csv"]:
        assert needed in names
    for unused in ["mlp_edu/figures.py", "mlp_edu/site.py", "mlp_edu/i18n.py"]:
        assert unused not in names


def test_the_cache_trains_only_what_is_missing(tmp_path, monkeypatch):
    few = [("blobs", "tanh", 1, 1.0), ("xor", "identity", 2, 10.0)]
    monkeypatch.setattr(site_playground, "settings", lambda: iter(few))
    folder = tmp_path / "key"
    assert site_playground.train_missing(folder) == [setting_name(*s) for s in few]
    for setting in few:
        assert (folder / f"{setting_name(*setting)}.json").read_bytes() == run_json(
            cached_run(*setting))
    assert site_playground.train_missing(folder) == []
    (folder / f"{setting_name(*few[1])}.json").unlink()
    assert site_playground.train_missing(folder) == [setting_name(*few[1])]
    assert not list(folder.glob("*.tmp"))


def test_the_build_drops_the_runs_of_other_code(tmp_path, monkeypatch):
    monkeypatch.setattr(site_playground, "settings", lambda: iter([("blobs", "tanh", 1, 1.0)]))
    (tmp_path / "stale").mkdir()
    (tmp_path / "stale" / "blobs-tanh-1-1.json").write_text("{}")
    files = site_playground.playground_files(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [site_playground.cache_key()]
    assert files[f"{DATA_DIR}/blobs-tanh-1-1.json"] == run_json(cached_run("blobs", "tanh", 1,
                                                                           1.0))


# --- the built site ---------------------------------------------------------------------

def test_the_site_serves_every_setting_once_within_budget(built_site):
    folder = built_site / DATA_DIR
    names = {f"{setting_name(*s)}.json" for s in playground.settings()}
    assert {p.name for p in folder.glob("*.json")} == names | {"index.json"}
    assert not (built_site / "zh" / DATA_DIR).exists()  # one copy, for both languages
    sizes = {name: len(gzip.compress((folder / name).read_bytes(), 9)) for name in names}
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] <= PER_SETTING_BUDGET, (largest, sizes[largest])
    assert sum(sizes.values()) <= TOTAL_BUDGET, sum(sizes.values())


def test_the_published_runs_equal_a_fresh_run_in_another_process(built_site, tmp_path):
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from sitebuild.playground_data import setting_json, setting_name\n"
        f"for setting in {CHECKED!r}:\n"
        f"    Path({str(tmp_path)!r}, setting_name(*setting)).write_bytes(setting_json(setting))\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=300)
    for setting in CHECKED:
        fresh = (tmp_path / setting_name(*setting)).read_bytes()
        assert fresh == published(built_site, setting), setting


@pytest.mark.parametrize("setting", CHECKED)
def test_the_code_each_setting_shows_reproduces_its_frames(built_site, setting):
    served = published(built_site, setting)
    code = json.loads(served)["code"]
    assert f"train_playground({setting[0]!r}, {setting[1]!r}" in code
    namespace: dict = {}
    test = doctest.DocTestParser().get_doctest(code, namespace, setting_name(*setting),
                                               None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append, clear_globs=False)
    assert runner.failures == 0, "".join(report)
    assert run_json(test.globs["run"]) == served


def test_the_page_has_the_widget_and_its_figure_in_both_languages(built_site):
    for prefix, label in [("", "Learning rate"), ("zh/", "学习率")]:
        html = (built_site / prefix / "playground" / "index.html").read_text(encoding="utf-8")
        assert html.count("data-mlp-playground") == 1 and "[[playground]]" not in html
        assert f'<label for="mlp-playground-rate">{label}</label>' in html
        assert "playground_end-light.svg#only-light" in html
        assert "javascripts/assets.js" in html and "stylesheets/playground.css" in html
        assert (built_site / "javascripts" / "playground.js").is_file()  # assets.js adds it


def test_a_reproduced_setting_at_fewer_epochs_is_the_start_of_the_full_run():
    # The replay's first frames do not depend on how long training goes on.
    short, full = train_playground("spiral", "tanh", 2, 1.0, epochs=3), cached_run(
        "spiral", "tanh", 2, 1.0)
    assert short.train_loss == full.train_loss[:4]
    assert np.array_equal(short.frames[-1].W_o, full.frames[3].W_o)


def test_the_pages_open_with_the_setting_the_playground_opens_with():
    data, activation, width, lr = DEFAULT_SETTING
    opening = f'train_playground("{data}", "{activation}", num_hiddens={width}, lr={lr})'
    for page in ["playground.md", "playground.zh.md"]:
        text = " ".join((ROOT / "docs" / page).read_text(encoding="utf-8").split())
        assert opening in text, page
