"""The handout and the answer key printed by chromium to PDF, read back with pypdf:
the handout holds every exercise with its hint and self-check and no solution, the
answer key every hint, self-check and solution.

In English: the test machines have no font with Chinese glyphs (readers' systems
do), so a Chinese PDF printed here holds no Chinese text to read back. The Chinese
handout and key are checked as pages (``tests/site/test_handouts.py``).

Reading the text of a whole printed chapter takes pypdf minutes, so the handout's
exercises are read from the sheets between each section's "Exercises" bookmark and
the next section's (the PDF's outline, from the headings); the other sheets are
counted, not read.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from tests.browser.test_site import ALL_MATH_TYPESET
from tests.site.test_handouts import WORDS, _footer_link, exercises, squeeze


def printed(browser, url: str):
    """The PDF chromium prints from ``url``, with its outline, as a pypdf reader."""
    from pypdf import PdfReader

    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(180_000)  # a whole chapter: slow to lay out on a busy machine
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url, wait_until="networkidle")
    page.emulate_media(media="print")
    page.wait_for_function(ALL_MATH_TYPESET)
    pdf = page.pdf(format="A4", outline=True, tagged=True)
    context.close()
    assert problems == []
    return PdfReader(io.BytesIO(pdf))


def exercise_sheets(reader, heading: str) -> list[int]:
    """The sheets from each section's ``heading`` bookmark to where the next section starts."""
    sections = [(reader.get_destination_page_number(item), children)
                for item, children in _with_children(reader.outline)]
    sheets = set()
    for index, (_, children) in enumerate(sections):
        end = sections[index + 1][0] if index + 1 < len(sections) else len(reader.pages) - 1
        for child, _ in _with_children(children):
            if child.title.replace("\u00b6", "").strip() == heading:
                sheets.update(range(reader.get_destination_page_number(child), end + 1))
    return sorted(sheets)


def _with_children(outline) -> list:
    """``[(item, [its children])]`` of one level of a pypdf outline."""
    pairs = []
    for entry in outline:
        if isinstance(entry, list):
            if pairs:
                pairs[-1] = (pairs[-1][0], entry)
        else:
            pairs.append((entry, []))
    return pairs


def text_of(reader, sheets) -> str:
    """The text of ``sheets``, without whitespace; NFKC undoes the fi, fl, ff ligatures."""
    text = "".join(reader.pages[n].extract_text() for n in sheets)
    return squeeze(unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("lang", ["en"])
def test_the_handout_prints_every_exercise_and_no_solution(browser, site_url, built_site, lang):
    reader = printed(browser, f"{site_url}/{_footer_link(built_site, lang, 'handout')}")
    exercise_word, _ = WORDS[lang]
    sheets = exercise_sheets(reader, "Exercises" if lang == "en" else "练习")
    assert sheets, "no Exercises bookmark in the handout's outline"
    text = text_of(reader, sheets)
    found = exercises(lang)
    assert len(re.findall(rf"{exercise_word}(\d+)\.", text)) == len(found)
    leaked = [e for e in found if squeeze(e.solution) in text]
    assert leaked == []
    assert unprinted_help(found, text) == []


def unprinted_help(found, text: str) -> list:
    """The exercises whose hint or self-check is not in a PDF's ``text``: folded, a block
    prints only its title."""
    return [(e.page, e.number) for e in found
            if e.hint and squeeze(unicodedata.normalize("NFKC", e.hint)) not in text
            or e.self_check and squeeze(unicodedata.normalize("NFKC", e.self_check)) not in text]


@pytest.mark.parametrize("lang", ["en"])
def test_the_answer_key_prints_every_solution(browser, site_url, built_site, lang):
    reader = printed(browser, f"{site_url}/{_footer_link(built_site, lang, 'answer-key')}")
    text = text_of(reader, range(len(reader.pages)))
    found = exercises(lang)
    assert text.count(WORDS[lang][1]) >= len(found)  # every "Solution" summary
    missing = [e for e in found if squeeze(e.solution) not in text]
    assert missing == []
    assert unprinted_help(found, text) == []
