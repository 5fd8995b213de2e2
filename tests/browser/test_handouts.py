"""The handout and the answer key printed by chromium to PDF, read back with pypdf:
the handout holds every exercise and no solution, the answer key every solution, in
both languages.
"""

from __future__ import annotations

import io
import re

import pytest

from tests.browser.test_site import ALL_MATH_TYPESET
from tests.site.test_handouts import WORDS, _footer_link, exercises


def printed_text(browser, url: str) -> str:
    """The text of the PDF chromium prints from ``url``, whitespace removed (a PDF's
    lines break anywhere)."""
    from pypdf import PdfReader

    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url, wait_until="networkidle")
    page.emulate_media(media="print")
    page.wait_for_function(ALL_MATH_TYPESET)
    pdf = page.pdf(format="A4")
    context.close()
    assert problems == []
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(sheet.extract_text() for sheet in reader.pages))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_handout_prints_every_exercise_and_no_solution(browser, site_url, built_site, lang):
    text = printed_text(browser, f"{site_url}/{_footer_link(built_site, lang, 'handout')}")
    exercise_word, solution_word = WORDS[lang]
    found = exercises(lang)
    numbers = re.findall(rf"{exercise_word}(\d+)\.", text)
    assert len(numbers) == len(found), numbers
    for exercise in found:
        assert squeeze(exercise.solution) not in text, exercise


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_answer_key_prints_every_solution(browser, site_url, built_site, lang):
    text = printed_text(browser, f"{site_url}/{_footer_link(built_site, lang, 'answer-key')}")
    exercise_word, solution_word = WORDS[lang]
    found = exercises(lang)
    assert text.count(solution_word) >= len(found)
    missing = [e for e in found if squeeze(e.solution) not in text]
    assert missing == []
