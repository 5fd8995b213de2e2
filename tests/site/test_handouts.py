"""The handout and the answer key, for teachers, in both languages.

Both are made like the print page, from the same rendered sections
(``sitebuild.printpage``): the handout is the whole chapter with each exercise's
hint and self-check unfolded and without its solution, the answer key every
section's exercises with hint, self-check and solution unfolded (on paper a folded
block is only its title). The footer of every page and each page's exercises link
them. ``tests/browser/test_handouts.py`` prints them to PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin

import pytest

from sitebuild import notebooks
from sitebuild.i18n import site_prefix
from sitebuild.printpage import without_solutions
from tests.conftest import ROOT, pages_of
from tests.site.test_exercises import content_pages

DOCS = ROOT / "docs"
WORDS = {"en": ("Exercise", "Solution"), "zh": ("练习", "解答")}  # heading and summary words
# The summaries of an exercise's hint (??? tip) and self-check (??? question) blocks.
HELP = {"en": {"tip": "Hint", "question": "Self-check"},
        "zh": {"tip": "提示", "question": "自测"}}


@dataclass
class Exercise:
    page: str  # docs/NAME.md or docs/NAME.zh.md
    number: int
    title: str  # the bold title, as plain text: "Exercise 1. A network for images."
    solution: str  # the first words of the solution's prose, as plain text
    hint: str | None  # words of the hint's prose, as plain text (None: the exercise has none)
    self_check: str | None  # the verdict its self-check's doctest shows ("Not yet: ...")


def exercises(lang: str) -> list[Exercise]:
    """Every exercise of the chapter in ``lang``, from the pages' Markdown, each with words
    of its solution that are nowhere else in the chapter (what a handout must not print)."""
    exercise, solution = WORDS[lang]
    pattern = re.compile(rf"^\*\*(?P<title>{exercise} (?P<number>\d+)\.[^*]*)\*\*[\s\S]*?"
                         rf'^\?\?\? success "{solution}"\n(?P<body>(?: {{4}}[^\n]*\n|\n)+)',
                         re.MULTILINE)
    hint_block = re.compile(rf'^\?\?\? tip "{HELP[lang]["tip"]}"\n(?P<body>(?: {{4}}[^\n]*\n|\n)+)',
                            re.MULTILINE)
    check_block = re.compile(rf'^\?\?\? question "{HELP[lang]["question"]}"\n'
                             rf'(?P<body>(?: {{4}}[^\n]*\n|\n)+)', re.MULTILINE)
    texts = {}
    for page in content_pages():
        name = page if lang == "en" else page.removesuffix(".md") + ".zh.md"
        texts[name] = (DOCS / name).read_text(encoding="utf-8")
    # Everything else the handout prints: every page and notebook of the language.
    others = [path.read_text(encoding="utf-8") for path in DOCS.glob("*.md")
              if path.name.endswith(".zh.md") == (lang == "zh")]
    others += [path.read_text(encoding="utf-8") if lang == "en"
               else notebooks.translated_source(path, lang)
               for path in sorted((DOCS / "notebooks").glob("*.py"))]
    elsewhere = "".join(squeeze(pattern.sub("", text)) for text in others)
    found = []
    for name, text in texts.items():
        for match in pattern.finditer(text):
            body = re.sub(r"```.*?```", "\n\n", match["body"], flags=re.DOTALL)  # no code
            paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", body)]
            # Runs of the solution's prose without math, code, links or emphasis (what a
            # PDF shows as text); the longest that the chapter says nowhere else.
            runs = [run for prose in paragraphs
                    for run in re.split(r"\$\$?[^$]*\$\$?|`[^`]*`|\]\([^)]*\)|[*\[]", prose)]
            runs = sorted((run.strip(" ,.;:，。；：")[:40].strip() for run in runs), key=len,
                          reverse=True)
            words = next((run for run in runs if squeeze(run) not in elsewhere), "")
            hint = hint_block.search(match[0])
            check = check_block.search(match[0])
            verdict = check and re.search(r"^ {4}((?:Not yet:|还不对：)[^\n]*)", check["body"],
                                          re.MULTILINE)
            found.append(Exercise(name, int(match["number"]), match["title"].strip(), words,
                                  hint and _longest_run(hint["body"]),
                                  verdict and verdict[1].strip()))
    return found


def _longest_run(prose: str) -> str:
    """The longest run of ``prose`` without math, code, links or emphasis (text a PDF shows
    as it is), up to 40 characters."""
    runs = re.split(r"\$\$?[^$]*\$\$?|`[^`]*`|\]\([^)]*\)|[*\[]", " ".join(prose.split()))
    return max((run.strip(" ,.;:，。；：")[:40].strip() for run in runs), key=len)


def squeeze(text: str) -> str:
    """``text`` without whitespace: how it is compared with a PDF's, whose lines break
    anywhere."""
    return re.sub(r"\s+", "", text)


def text_of(html: str) -> str:
    """What a page says, as text with single spaces."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _html(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _footer_link(site, lang: str, kind: str) -> str:
    home = _html(site, site_prefix(lang).rstrip("/") or ".")
    href = re.search(rf'class="mlp-provenance__{kind}" href="([^"]+)"', home)[1]
    return urljoin(f"http://site/{site_prefix(lang)}", href)[len("http://site/"):]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_exercise_has_a_solution_to_leave_out_or_show(lang):
    found = exercises(lang)
    per_page = {page: 0 for page in content_pages()}
    for exercise in found:
        per_page[exercise.page.replace(".zh.md", ".md")] += 1
        assert len(exercise.solution) >= 10, exercise  # enough words to find in a PDF
    assert all(count >= 3 for count in per_page.values()), per_page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_handout_has_every_section_and_exercise_and_no_solution(built_site, lang):
    handout = _html(built_site, _footer_link(built_site, lang, "handout"))
    printed = _html(built_site, _footer_link(built_site, lang, "print"))
    section = r'<section class="mlp-print-section" id="([^"]+)"'
    assert re.findall(section, handout) == re.findall(section, printed)  # the same pages
    assert '<details class="success"' not in handout
    exercise_word, solution_word = WORDS[lang]
    assert f"<summary>{solution_word}</summary>" not in handout
    found = exercises(lang)
    assert len(re.findall(rf"<strong>{exercise_word} \d+\.", handout)) == len(found)
    text = text_of(handout)
    for exercise in found:
        assert exercise.solution not in text, exercise
    # Everything else the print page shows: every figure and formula outside solutions.
    for marker in ['class="mlp-figure"', 'class="arithmatex"']:
        assert handout.count(marker) == without_solutions(printed).count(marker) > 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_handout_shows_every_hint_and_self_check_unfolded(built_site, lang):
    handout = _html(built_site, _footer_link(built_site, lang, "handout"))
    _assert_hints_and_self_checks_unfolded(handout, lang)


def _assert_hints_and_self_checks_unfolded(html: str, lang: str) -> None:
    """Every exercise's hint and self-check in ``html`` unfolded, with their words; none
    folded (on paper a folded block prints as its title alone)."""
    found = exercises(lang)
    for kind, summary in HELP[lang].items():
        with_block = [e for e in found if (e.hint if kind == "tip" else e.self_check)]
        unfolded = re.findall(rf'<details class="{kind}" open>\s*<summary>{summary}</summary>',
                              html)
        assert len(unfolded) == len(with_block), (kind, len(unfolded), len(with_block))
        assert f'<details class="{kind}">' not in html, kind
    text = text_of(html)
    for exercise in found:
        assert exercise.hint is None or exercise.hint in text, exercise
        assert exercise.self_check is None or exercise.self_check in text, exercise


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_answer_key_has_every_solution_unfolded(built_site, lang):
    key = _html(built_site, _footer_link(built_site, lang, "answer-key"))
    found = exercises(lang)
    assert key.count('<details class="success" open>') == len(found)
    assert '<details class="success">' not in key  # none left folded
    _assert_hints_and_self_checks_unfolded(key, lang)
    text = text_of(key)
    for exercise in found:
        assert exercise.solution in text, exercise
    sections = re.findall(r'<section class="mlp-print-section" id="([^"]+)"', key)
    assert len(sections) == len(content_pages())  # the pages with exercises, no others


def test_every_page_links_the_handout_and_the_answer_key(built_site):
    for path in pages_of(built_site):
        if path.endswith(".html"):
            continue  # the 404 page
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        for kind in ["handout", "answer-key"]:
            assert f'class="mlp-provenance__{kind}"' in html, (path, kind)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_pages_exercises_link_them_too(built_site, lang):
    for page in content_pages():
        path = site_prefix(lang) + page.removesuffix(".md") + "/"
        html = _html(built_site, path)
        links = re.search(r'<p class="mlp-printed-links"[^>]*>(.*?)</p>', html, re.DOTALL)
        assert links, path
        targets = {urljoin(f"http://site/{path}", href)[len("http://site/"):]
                   for href in re.findall(r'href="([^"]+)"', links[1])}
        assert targets == {_footer_link(built_site, lang, "handout"),
                           _footer_link(built_site, lang, "answer-key")}, (path, targets)
        assert html.index('id="exercises"') < links.start()


def test_the_printed_pages_are_not_in_search(built_site):
    for lang in ["en", "zh"]:
        index = (built_site / site_prefix(lang) / "search" / "search_index.json").read_text(
            encoding="utf-8").replace(" ", "")
        for kind in ["handout", "answer-key"]:
            location = _footer_link(built_site, lang, kind).removeprefix(site_prefix(lang))
            assert f'"location":"{location}' not in index, (lang, kind)
