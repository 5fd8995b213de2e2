"""Every section page ends with exercises whose solutions are folded away and checked.

A content page is any Markdown page in ``nav`` except the overview, the
summary and the glossary. Its "Exercises" section must hold at least three exercises, written
``**Exercise N. Title.**``, each followed by a collapsed
``??? success "Solution"`` block whose indented body has a ```` ```pycon ````
doctest. The root ``conftest.py`` runs those doctests with the rest of the
page, so a published answer that stops being true fails the tests; this file
makes sure the answers are there to be run, and that they render folded.
"""

from __future__ import annotations

import doctest
import re
import textwrap
from dataclasses import dataclass

import pytest
import yaml

from tests.conftest import ROOT

DOCS = ROOT / "docs"
NOT_SECTIONS = {"index.md", "summary.md", "glossary.md"}  # overview, summary, glossary: none
MIN_EXERCISES = 3

EXERCISES_HEADING = re.compile(r"^## Exercises(?: \{[^}]*\})?[ \t]*$", re.MULTILINE)
NEXT_SECTION = re.compile(r"^#{1,2} ", re.MULTILINE)
EXERCISE = re.compile(r"^\*\*Exercise (?P<number>\d+)\.", re.MULTILINE)
SOLUTION = re.compile(r'^\?\?\?(?P<open>\+?) success "Solution"[ \t]*$', re.MULTILINE)
PYCON = re.compile(r"^(?P<indent> {4})```pycon[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
                   re.MULTILINE | re.DOTALL)


class _NavLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring its tags (``!ENV``...)."""


_NavLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def content_pages() -> list[str]:
    """The Markdown pages of the nav that are sections of the chapter."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_NavLoader)
    pages: list[str] = []

    def walk(entry):
        if isinstance(entry, str):
            pages.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                walk(value)
        elif isinstance(entry, list):
            for value in entry:
                walk(value)

    walk(config["nav"])
    return [p for p in pages if p.endswith(".md") and p not in NOT_SECTIONS]


@dataclass
class Exercise:
    number: int
    text: str
    solution: str | None  # the dedented body of the solution block, if there is one
    solution_open: bool
    examples: int  # doctest examples (>>> lines) in the solution's pycon blocks


def exercises(markdown: str) -> list[Exercise] | None:
    """The exercises of a page's "## Exercises" section, or None if it has none."""
    heading = EXERCISES_HEADING.search(markdown)
    if heading is None:
        return None
    rest = markdown[heading.end():]
    end = NEXT_SECTION.search(rest)
    section = rest[: end.start()] if end else rest
    starts = list(EXERCISE.finditer(section))
    found = []
    for i, start in enumerate(starts):
        chunk = section[start.start(): starts[i + 1].start() if i + 1 < len(starts) else None]
        solution = SOLUTION.search(chunk)
        body, examples = None, 0
        if solution:
            lines = []
            for line in chunk[solution.end() + 1:].splitlines():
                if line.strip() and not line.startswith("    "):
                    break  # the block ends at the first line that is not indented
                lines.append(line)
            body = textwrap.dedent("\n".join(lines))
            for block in PYCON.finditer("\n".join(lines)):
                code = textwrap.dedent(block["body"])
                examples += len(doctest.DocTestParser().get_examples(code))
        found.append(Exercise(int(start["number"]), chunk, body,
                              bool(solution and solution["open"]), examples))
    return found


def problems(markdown: str) -> list[str]:
    """What is missing for the page's exercises to count as checked; [] if nothing."""
    found = exercises(markdown)
    if found is None:
        return ['no "## Exercises" section']
    issues = []
    if len(found) < MIN_EXERCISES:
        issues.append(f"{len(found)} exercises, fewer than {MIN_EXERCISES}")
    if [e.number for e in found] != list(range(1, len(found) + 1)):
        issues.append(f"exercises numbered {[e.number for e in found]}, not 1, 2, 3, ...")
    for e in found:
        if e.solution is None:
            issues.append(f'exercise {e.number}: no ??? success "Solution" block')
        elif e.solution_open:
            issues.append(f"exercise {e.number}: the solution is shown unfolded (???+)")
        elif e.examples == 0:
            issues.append(f"exercise {e.number}: the solution has no pycon doctest")
    return issues


@pytest.mark.parametrize("page", content_pages())
def test_every_section_page_ends_with_checked_exercises(page):
    assert problems((DOCS / page).read_text(encoding="utf-8")) == [], page


def test_the_sections_of_the_chapter_are_all_covered():
    pages = content_pages()
    for page in ["hidden-layer.md", "activations.md", "autograd.md", "mlp.md", "training.md"]:
        assert page in pages


# The checker itself: a page without checked solutions must fail it.
GOOD = '''
## Exercises

**Exercise 1. One.** Question.

??? success "Solution"
    Answer.

    ```pycon
    >>> 1 + 1
    2

    ```

**Exercise 2. Two.** Question.

??? success "Solution"
    ```pycon
    >>> 2
    2

    ```

**Exercise 3. Three.** Question.

??? success "Solution"
    ```pycon
    >>> 3
    3

    ```
'''


def test_the_checker_accepts_a_good_section():
    assert problems("# Page\n\nText.\n" + GOOD) == []


@pytest.mark.parametrize("broken, complaint", [
    ("# Page\n\nNo exercises here.\n", 'no "## Exercises" section'),
    (GOOD.split("**Exercise 3.")[0], "2 exercises, fewer than 3"),
    (GOOD.replace('??? success "Solution"\n    ```pycon\n    >>> 2\n    2\n\n    ```\n', ""),
     'exercise 2: no ??? success "Solution" block'),
    (GOOD.replace(">>> 3\n    3", "3"), "exercise 3: the solution has no pycon doctest"),
    (GOOD.replace("    ```pycon\n    >>> 3\n    3\n\n    ```\n",
                  "```pycon\n>>> 3\n3\n\n```\n"),  # not indented: outside the folded block
     "exercise 3: the solution has no pycon doctest"),
    (GOOD.replace('??? success "Solution"\n    Answer.', '???+ success "Solution"\n    Answer.'),
     "exercise 1: the solution is shown unfolded (???+)"),
    (GOOD.replace("**Exercise 3.", "**Exercise 4."), "numbered [1, 2, 4]"),
])
def test_the_checker_rejects_a_page_without_checked_solutions(broken, complaint):
    assert any(complaint in issue for issue in problems(broken)), problems(broken)


def test_solutions_render_as_folded_blocks_with_highlighted_doctests(built_site):
    for page in content_pages():
        html = (built_site / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<details class="success">(.*?)</details>', html, re.DOTALL)
        count = len(exercises((DOCS / page).read_text(encoding="utf-8")))
        assert len(blocks) == count, page  # folded: <details> without "open"
        for block in blocks:
            assert "<summary>Solution</summary>" in block, page
            assert "language-pycon" in block, page  # the doctest is inside, highlighted
