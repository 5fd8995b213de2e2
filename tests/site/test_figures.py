"""Every registered figure renders in both colour schemes, reproducibly, with alt text;
the registry and the page markup fail clearly when something is missing."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from sitebuild.cache import package_hash
from sitebuild.figures import REGISTRY, expand_figures, load_registry, render_svg
from tests.conftest import ROOT


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_figure_renders_a_valid_svg_in_both_schemes(name):
    light, dark = render_svg(name, "light"), render_svg(name, "dark")
    for svg in (light, dark):
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert b"<dc:date>" not in svg, "a date in the metadata breaks reproducible builds"
    assert light != dark, "the dark variant must differ from the light one"
    assert len(REGISTRY[name].alt) >= 40, "alt text should describe what a reader would see"


def test_figures_are_byte_identical_in_a_fresh_process():
    here = {name: render_svg(name, "dark") for name in ("relu", "sigmoid_grad", "backward_graph")}
    code = ("import sys; from sitebuild.figures import render_svg; "
            "[sys.stdout.buffer.write(render_svg(n, 'dark') + b'\\0') for n in "
            "('relu', 'sigmoid_grad', 'backward_graph')]")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert out.split(b"\0")[:3] == list(here.values())


def test_unknown_names_and_bad_registrations_fail_clearly():
    with pytest.raises(KeyError, match="no figure named 'nope'"):
        render_svg("nope")
    with pytest.raises(ValueError, match="scheme must be one of"):
        render_svg("relu", "sepia")

def test_a_registry_entry_without_alt_text_or_drawing_function_fails_clearly(tmp_path):
    registry = tmp_path / "figures.toml"
    registry.write_text('[brand_new]\ndraw = "relu_figure"\nen.alt = "  "\n', encoding="utf-8")
    with pytest.raises(ValueError, match="needs alt text"):
        load_registry(registry)
    registry.write_text('[brand_new]\ndraw = "no_such_figure"\nen.alt = "A line."\n',
                        encoding="utf-8")
    with pytest.raises(ValueError, match="no drawing function 'no_such_figure'"):
        load_registry(registry)


def test_unknown_figure_on_a_page_fails_clearly():
    with pytest.raises(KeyError, match="no figure named 'missing'"):
        expand_figures("[[figure missing]]", "index.md")


def test_figure_markup_links_both_variants_relative_to_the_page():
    md = expand_figures("text\n[[figure tanh open]]\nmore", "sub/page.md")
    assert "![" in md and "(../figures/tanh-light.svg#only-light)" in md
    assert "(../figures/tanh-dark.svg#only-dark)" in md
    assert '???+ example "The code that drew this figure: `mlp_edu.figures.tanh_figure`' in md
    assert "def tanh_figure()" in md
    assert "[[figure" not in md


def test_package_hash_changes_when_the_package_changes(tmp_path, monkeypatch):
    import sitebuild.cache as cache
    (tmp_path / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(cache, "PACKAGE_DIR", tmp_path)
    before = package_hash()
    (tmp_path / "a.py").write_text("x = 2\n")
    assert package_hash() != before
