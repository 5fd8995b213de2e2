"""The network diagram draws every unit and every connection, for any layer sizes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlp_edu.diagram import draw_network, edges, layer_names, nodes, unit_labels
from mlp_edu.plotting import THEMES, theme


def texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_chapter_network_has_12_units_and_35_connections():
    fig = draw_network([4, 5, 3])
    assert len(nodes(fig)) == 4 + 5 + 3
    assert len(edges(fig)) == 4 * 5 + 5 * 3


def test_chapter_network_labels_units_as_in_the_book():
    labels = texts(draw_network([4, 5, 3]))
    for name in ["x", "h", "o"]:
        count = {"x": 4, "h": 5, "o": 3}[name]
        for i in range(1, count + 1):
            assert f"${name}_{{{i}}}$" in labels
    for layer in ["Input layer", "Hidden layer", "Output layer"]:
        assert layer in labels


def test_deeper_network_numbers_its_hidden_layers():
    fig = draw_network([4, 6, 6, 3])
    assert len(nodes(fig)) == 19
    assert len(edges(fig)) == 4 * 6 + 6 * 6 + 6 * 3
    labels = texts(fig)
    assert "Hidden layer 1" in labels and "Hidden layer 2" in labels
    assert "$h^{(2)}_{6}$" in labels


@settings(max_examples=10, deadline=None)  # each example draws a figure: ~0.3 s
@given(st.lists(st.integers(min_value=1, max_value=7), min_size=2, max_size=5))
def test_any_sizes_give_one_circle_per_unit_and_one_arrow_per_pair(sizes):
    fig = draw_network(sizes)
    assert len(nodes(fig)) == sum(sizes)
    assert len(edges(fig)) == sum(a * b for a, b in zip(sizes, sizes[1:], strict=False))
    assert len([t for t in texts(fig) if t.startswith("$")]) == sum(sizes)
    plt.close(fig)


def test_every_arrow_goes_from_one_layer_to_the_next_upwards():
    fig = draw_network([3, 2, 4])
    unit_centres = {tuple(np.round(c.center, 6)) for c in nodes(fig)}
    rows = sorted({y for _, y in unit_centres})
    for arrow in edges(fig):
        (x0, y0), (x1, y1) = arrow._posA_posB
        assert y1 > y0
        # Each end lies on the rim of a unit, one layer apart.
        start = min(unit_centres, key=lambda c: np.hypot(c[0] - x0, c[1] - y0))
        end = min(unit_centres, key=lambda c: np.hypot(c[0] - x1, c[1] - y1))
        assert rows.index(end[1]) == rows.index(start[1]) + 1


def test_every_pair_of_neighbouring_units_is_connected_once():
    fig = draw_network([2, 3])
    centres = [tuple(np.round(c.center, 6)) for c in nodes(fig)]
    pairs = set()
    for arrow in edges(fig):
        (x0, y0), (x1, y1) = arrow._posA_posB
        start = min(centres, key=lambda c: np.hypot(c[0] - x0, c[1] - y0))
        end = min(centres, key=lambda c: np.hypot(c[0] - x1, c[1] - y1))
        pairs.add((start, end))
    assert len(pairs) == 6


def test_layer_names():
    assert layer_names(2) == ["Input layer", "Output layer"]
    assert layer_names(5)[1:4] == ["Hidden layer 1", "Hidden layer 2", "Hidden layer 3"]


def test_unit_labels_without_hidden_layer():
    assert unit_labels([2, 1]) == [["$x_{1}$", "$x_{2}$"], ["$o_{1}$"]]


@pytest.mark.parametrize("sizes", [[], [3], [4, 0, 3], [4, -1], [4, 2.5], [True, 3]])
def test_bad_sizes_are_refused(sizes):
    with pytest.raises(ValueError, match="layer"):
        draw_network(sizes)


@pytest.mark.parametrize("scheme", list(THEMES))
def test_colours_follow_the_theme(scheme):
    with theme(scheme):
        fig = draw_network([2, 2, 2])
    ink = THEMES[scheme]["text.color"]
    names = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "layer-name"]
    assert names and all(t.get_color() == ink for t in names)
