"""The claims list (tests/claims/*.toml): every number the site states is covered and proved.

``sitebuild.claims.check`` scans every page in both languages, every notebook's
text and alt text, and every figure's alt text and caption; each number it
finds must sit in a claim's quote, and each claim's numbers must appear in
its proof (a doctest on the page, a test's source, a computed page value, a
citation). The first test runs the check on the site as it is; the others
feed it altered copies of the pages to show that it catches what it is for.
"""

from __future__ import annotations

import re

import pytest

from sitebuild import claims, values
from tests.conftest import ROOT

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def texts():
    return claims.site_texts()


def with_page(texts, name: str, text: str) -> dict:
    """The site's texts with the page ``name`` (e.g. "docs/mlp.md") replaced by ``text``."""
    return {**texts, name: claims.markdown_text(name, text)}


def page(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


# ---- the site as it is -------------------------------------------------------------------


def test_every_number_on_the_site_is_covered_by_a_claim_and_shown_by_its_proof(texts):
    problems = claims.check(texts=texts)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_claims_list_covers_every_page_notebook_and_figure(texts):
    names = {path.stem for path in claims.CLAIMS.glob("*.toml")}
    pages = {path.name.removesuffix(".zh.md").removesuffix(".md") for path in DOCS.glob("*.md")}
    numbered = {name.split("/")[-1].split(".")[0] for name, text in texts.items()
                if text.numbers and name.startswith("docs/") and "/notebooks/" not in name}
    assert numbered <= names <= pages | {"notebooks", "figures"}
    assert any(name.startswith("docs/notebooks/") for name in texts)
    assert any(name.startswith("figure ") for name in texts)


def test_every_value_marker_names_a_value_and_every_value_is_used():
    used = {match["name"] for path in DOCS.glob("*.md")
            for match in values.MARKER.finditer(path.read_text(encoding="utf-8"))}
    assert used == set(values.VALUES)
    for path in DOCS.glob("*.md"):  # both languages state the same values
        if path.name.endswith(".zh.md"):
            english = path.with_name(path.name.replace(".zh.md", ".md"))
            assert (sorted(values.MARKER.findall(path.read_text(encoding="utf-8")))
                    == sorted(values.MARKER.findall(english.read_text(encoding="utf-8"))))


def test_every_value_is_a_number_written_the_same_way_in_every_language():
    for value in values.VALUES.values():
        text = value.text()
        assert re.fullmatch(r"-?\d[\d,]*(\.\d+)?(e[-+]?\d+)?", text), (value.name, text)


# ---- what the check catches --------------------------------------------------------------


def test_a_number_added_to_a_page_without_a_claim_fails(texts):
    text = page("docs/mlp.md").replace(
        "## 1.3.1 ", "A hidden layer of 7 units would do as well.\n\n## 1.3.1 ", 1)
    problems = claims.check(texts=with_page(texts, "docs/mlp.md", text))
    assert any("docs/mlp.md:" in p and "the number 7 is covered by no claim" in p
               for p in problems), problems


def test_a_number_added_in_math_or_in_chinese_fails_too(texts):
    text = page("docs/mlp.zh.md").replace("## 1.3.1 ", "其中 $\\eta = 0.5$。\n\n## 1.3.1 ", 1)
    problems = claims.check(texts=with_page(texts, "docs/mlp.zh.md", text))
    assert any("docs/mlp.zh.md:" in p and "the number 0.5 is covered by no claim" in p
               for p in problems), problems


def test_a_stated_number_that_no_longer_matches_its_doctest_fails(texts):
    """The page's doctest prints 4 of 30 correct for the untrained network; the prose says 4.

    Change the doctest's output (as one would after the code changed) but not
    the prose, and the claim no longer shows the number it states.
    """
    original = page("docs/training.md")
    assert "0.133, 4 of 30" in original
    text = original.replace("0.133, 4 of 30", "0.167, 5 of 30")
    problems = claims.check(texts=with_page(texts, "docs/training.md", text))
    assert any("training.toml" in p and "its proof does not show 4" in p
               for p in problems), problems


def test_a_quoted_sentence_that_changed_fails(texts):
    original = page("docs/training.md")
    assert "**29 of the 30 test\nflowers**" in original
    text = original.replace("**29 of the 30 test\nflowers**", "**28 of the 30 test\nflowers**")
    problems = claims.check(texts=with_page(texts, "docs/training.md", text))
    assert any("docs/training.md no longer says" in p for p in problems), problems
    assert any("the number 28 is covered by no claim" in p for p in problems), problems


def test_wrong_section_numbers_fail(texts):
    text = page("docs/mlp.md")
    text = text.replace("## 1.3.1 ", "## 1.4.1 ", 1)
    text = text.replace("[1.3.3](#collapse)", "[1.3.4](#collapse)", 1)
    problems = claims.check(texts=with_page(texts, "docs/mlp.md", text))
    assert "docs/mlp.md: heading number 1.4.1 is not in section 1.3" in problems
    assert any("the link text 1.3.4 leads to mlp.md#collapse, which is section 1.3.3" in p
               for p in problems), problems


def test_what_is_not_counted_code_links_markers_and_section_numbers():
    text = claims.markdown_text("docs/mlp.md", (
        "# 1.3 Title\n\n## 1.3.2 Part { #part }\n\n"
        "See [1.2](activations.md) and `MLP(4, 5, 3)` at [this](https://example.org/a/2024) "
        "with [[value epochs]] epochs.\n\n```python\nx = 12\n```\n\n"
        "**Exercise 1. A thing.** Try 13 units.\n"))
    shown = [text.text[a:b] for a, b in text.numbers]
    assert shown == ["13"], shown
    assert not text.problems


def test_claims_with_missing_or_wrong_proofs_are_reported(tmp_path, texts):
    (tmp_path / "training.toml").write_text('''
[[claim]]
en = "With each activation the trained network classifies **29 of the 30 test flowers** correctly"
derivation = "trust me"

[[claim]]
en = "Thirty test flowers is a small test set"

[[claim]]
en = "an accuracy of 0.967"
test = "tests/unit/test_training.py::test_that_does_not_exist"
''', encoding="utf-8")
    problems = claims.check(folder=tmp_path, texts={
        "docs/training.md": texts["docs/training.md"]})
    assert any("claim 1" in p and "its proof does not show 29, 30" in p for p in problems)
    assert any("claim 2" in p and "names no proof" in p for p in problems)
    assert any("claim 3" in p and "has no test test_that_does_not_exist" in p for p in problems)
    assert any("the number 150 is covered by no claim" in p for p in problems)


def test_a_notebook_claim_names_code_the_notebook_has(tmp_path, texts):
    (tmp_path / "notebooks.toml").write_text('''
[[claim]]
notebook = "mlp"
en = "Our minibatch is 8 Iris flowers"
code = "X = data.X_train[:9]"
''', encoding="utf-8")
    problems = claims.check(folder=tmp_path, texts={
        "docs/notebooks/mlp.py": texts["docs/notebooks/mlp.py"]})
    assert any("no code cell of docs/notebooks/mlp.py contains" in p for p in problems)
    assert any("its proof does not show 8" in p for p in problems)


def test_the_notebook_outputs_to_check_come_from_the_claims_list():
    wanted = claims.notebook_outputs()
    assert set(wanted) <= {path.stem for path in (DOCS / "notebooks").glob("*.py")}
    assert "outputs: [0.5 0.5 0.5 0.5]" in wanted["hidden-layer"]
