"""Every section page ends with exercises, each with a hint, a self-check and a solution.

A content page is any Markdown page in ``nav`` except the overview, the
summary and the glossary; its Chinese twin ``NAME.zh.md`` is checked alike. Its
"Exercises" section must hold at least three exercises, written
``**Exercise N. Title.**`` (``**练习 N. …**``), each followed, in this order, by

- a folded hint, ``??? tip "Hint"`` (``"提示"``);
- a folded self-check, ``??? question "Self-check"`` (``"自测"``), whose
  ```` ```pycon ```` doctest calls ``check("page/N", ...)`` of
  :mod:`mlp_edu.exercises` on a wrong answer and shows it rejected
  (``Not yet: ...`` / ``还不对：...``, then ``False``);
- a folded solution, ``??? success "Solution"`` (``"解答"``), whose doctest ends
  by passing the solution's own answer to the same check and shows it accepted
  (``Right.`` / ``正确。``, then ``True``).

The root ``conftest.py`` runs those doctests with the rest of the page, so a
published answer, or a self-check, that stops being true fails the tests; this
file makes sure they are there to be run, and that they render folded.
"""

from __future__ import annotations

import doctest
import re
import textwrap
from dataclasses import dataclass

import pytest
import yaml

from mlp_edu.exercises import EXERCISES
from tests.conftest import ROOT

DOCS = ROOT / "docs"
NOT_SECTIONS = {"index.md", "summary.md", "glossary.md"}  # overview, summary, glossary: none
MIN_EXERCISES = 3


@dataclass(frozen=True)
class Words:
    """How a language writes the parts of an exercise."""
    exercise: str
    hint: str
    self_check: str
    solution: str
    right: str  # how check() accepts an answer
    not_yet: str  # how it starts to reject one


WORDS = {"en": Words("Exercise", "Hint", "Self-check", "Solution", "Right.", "Not yet:"),
         "zh": Words("练习", "提示", "自测", "解答", "正确。", "还不对：")}
BLOCKS = {"hint": "tip", "self_check": "question", "solution": "success"}  # admonition types

EXERCISES_HEADING = re.compile(r"^## (?:Exercises|练习)(?: \{[^}]*\})?[ \t]*$", re.MULTILINE)
NEXT_SECTION = re.compile(r"^#{1,2} ", re.MULTILINE)
PYCON = re.compile(r"^(?P<indent> {4})```pycon[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
                   re.MULTILINE | re.DOTALL)
CHECK_CALL = re.compile(r"""check\(\s*["'](?P<name>[\w-]+/\d+)["']""")


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
class Block:
    """One folded block below an exercise: its body and the doctests in it."""
    body: str  # dedented
    open: bool  # ???+ : shown unfolded
    examples: list[doctest.Example]


@dataclass
class Exercise:
    number: int
    text: str
    blocks: dict[str, Block]  # "hint", "self_check", "solution", in the order found
    order: list[str]


def _block(chunk: str, kind: str, title: str) -> tuple[int, Block] | None:
    """The ``??? <type> "<title>"`` block in ``chunk``: where it starts, and what it holds."""
    head = re.search(rf'^\?\?\?(?P<open>\+?) {BLOCKS[kind]} "{re.escape(title)}"[ \t]*$',
                     chunk, re.MULTILINE)
    if head is None:
        return None
    lines = []
    for line in chunk[head.end() + 1:].splitlines():
        if line.strip() and not line.startswith("    "):
            break  # the block ends at the first line that is not indented
        lines.append(line)
    examples = []
    for block in PYCON.finditer("\n".join(lines)):
        examples += doctest.DocTestParser().get_examples(textwrap.dedent(block["body"]))
    return head.start(), Block(textwrap.dedent("\n".join(lines)), bool(head["open"]), examples)


def exercises(markdown: str, lang: str = "en") -> list[Exercise] | None:
    """The exercises of a page's exercises section, or None if it has none."""
    words = WORDS[lang]
    heading = EXERCISES_HEADING.search(markdown)
    if heading is None:
        return None
    rest = markdown[heading.end():]
    end = NEXT_SECTION.search(rest)
    section = rest[: end.start()] if end else rest
    starts = list(re.finditer(rf"^\*\*{words.exercise} (?P<number>\d+)\.", section,
                              re.MULTILINE))
    found = []
    for i, start in enumerate(starts):
        chunk = section[start.start(): starts[i + 1].start() if i + 1 < len(starts) else None]
        blocks = {kind: _block(chunk, kind, getattr(words, kind)) for kind in BLOCKS}
        present = sorted((found_at[0], kind) for kind, found_at in blocks.items() if found_at)
        found.append(Exercise(int(start["number"]), chunk,
                              {kind: b[1] for kind, b in blocks.items() if b},
                              [kind for _, kind in present]))
    return found


def _checks(block: Block, name: str, words: Words, answer: str) -> bool:
    """Whether ``block`` calls check(name, ...) and shows the verdict ``answer`` of it."""
    verdict = words.right if answer == "right" else words.not_yet
    outcome = "True" if answer == "right" else "False"
    return any(
        (match := CHECK_CALL.search(example.source)) and match["name"] == name
        and example.want.strip().startswith(verdict) and example.want.strip().endswith(outcome)
        for example in block.examples)


def problems(markdown: str, page: str = "page", lang: str = "en") -> list[str]:
    """What is missing for the page's exercises to count as checked; [] if nothing.

    ``page`` is the page's name without ``.md``: its exercises' self-checks are
    ``check("page/N", ...)``.
    """
    words = WORDS[lang]
    found = exercises(markdown, lang)
    if found is None:
        return ["no exercises section"]
    issues = []
    if len(found) < MIN_EXERCISES:
        issues.append(f"{len(found)} exercises, fewer than {MIN_EXERCISES}")
    if [e.number for e in found] != list(range(1, len(found) + 1)):
        issues.append(f"exercises numbered {[e.number for e in found]}, not 1, 2, 3, ...")
    for e in found:
        name = f"{page}/{e.number}"
        for kind in BLOCKS:
            title = getattr(words, kind)
            if kind not in e.blocks:
                issues.append(f'exercise {e.number}: no ??? {BLOCKS[kind]} "{title}" block')
            elif e.blocks[kind].open:
                issues.append(f"exercise {e.number}: the {title} block is shown unfolded (???+)")
        if e.order != [kind for kind in BLOCKS if kind in e.blocks]:
            issues.append(f"exercise {e.number}: blocks in the order {e.order}, not hint, "
                          f"self-check, solution")
        if "self_check" in e.blocks and not _checks(e.blocks["self_check"], name, words, "wrong"):
            issues.append(f"exercise {e.number}: the self-check does not show "
                          f"check({name!r}, ...) rejecting a wrong answer ({words.not_yet} ...)")
        if "solution" in e.blocks:
            if not e.blocks["solution"].examples:
                issues.append(f"exercise {e.number}: the solution has no pycon doctest")
            elif not _checks(e.blocks["solution"], name, words, "right"):
                issues.append(f"exercise {e.number}: the solution does not pass its answer to "
                              f"check({name!r}, ...) and show it accepted ({words.right})")
    return issues


def _source(page: str, lang: str) -> str:
    name = page if lang == "en" else page.removesuffix(".md") + f".{lang}.md"
    return (DOCS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", WORDS)
@pytest.mark.parametrize("page", content_pages())
def test_every_exercise_has_a_hint_a_self_check_and_a_checked_solution(page, lang):
    assert problems(_source(page, lang), page.removesuffix(".md"), lang) == [], (page, lang)


def test_every_self_check_belongs_to_an_exercise_on_the_site():
    on_pages = {f"{page.removesuffix('.md')}/{e.number}"
                for page in content_pages() for e in exercises(_source(page, "en"))}
    assert sorted(EXERCISES) == sorted(on_pages)


def test_the_sections_of_the_chapter_are_all_covered():
    pages = content_pages()
    for page in ["hidden-layer.md", "activations.md", "autograd.md", "mlp.md", "training.md"]:
        assert page in pages


# The checker itself: a page without hints, self-checks or checked solutions must fail it.
def _good_exercise(n: int) -> str:
    return f'''
**Exercise {n}. Number {n}.** Question.

??? tip "Hint"
    A hint.

??? question "Self-check"
    ```pycon
    >>> check("page/{n}", 0)
    Not yet: a reason.
    False

    ```

??? success "Solution"
    Answer.

    ```pycon
    >>> check("page/{n}", {n})
    Right.
    True

    ```
'''


GOOD = "\n## Exercises\n" + "".join(_good_exercise(n) for n in (1, 2, 3))


def test_the_checker_accepts_a_good_section():
    assert problems("# Page\n\nText.\n" + GOOD) == []


def test_the_checker_reads_chinese_pages_in_their_words():
    chinese = GOOD
    for english, chinese_word in [("## Exercises", "## 练习"), ("**Exercise", "**练习"),
                                  ('"Hint"', '"提示"'), ('"Self-check"', '"自测"'),
                                  ('"Solution"', '"解答"'), ("Right.", "正确。"),
                                  ("Not yet:", "还不对：")]:
        chinese = chinese.replace(english, chinese_word)
    assert problems(chinese, lang="zh") == []
    assert problems(GOOD, lang="zh") != []  # English words on a Chinese page do not count


@pytest.mark.parametrize("broken, complaint", [
    ("# Page\n\nNo exercises here.\n", "no exercises section"),
    (GOOD.split("**Exercise 3.")[0], "2 exercises, fewer than 3"),
    (GOOD.replace('??? tip "Hint"\n    A hint.\n\n??? question "Self-check"\n    ```pycon\n'
                  '    >>> check("page/2"', '??? question "Self-check"\n    ```pycon\n'
                  '    >>> check("page/2"'), 'exercise 2: no ??? tip "Hint" block'),
    (GOOD.replace('    >>> check("page/3", 3)\n    Right.\n    True',
                  '    >>> 3\n    3'), "exercise 3: the solution does not pass its answer"),
    (GOOD.replace('    >>> check("page/1", 0)\n    Not yet: a reason.\n    False',
                  '    >>> check("page/1", 0)\n    Right.\n    True'),
     "exercise 1: the self-check does not show check('page/1', ...) rejecting"),
    (GOOD.replace('check("page/2", 0)', 'check("page/1", 0)'),
     "exercise 2: the self-check does not show check('page/2'"),
    (GOOD.replace('    Answer.\n\n    ```pycon\n    >>> check("page/3", 3)\n    Right.\n'
                  '    True\n\n    ```\n', "    Answer.\n"),
     "exercise 3: the solution has no pycon doctest"),
    (GOOD.replace('    ```pycon\n    >>> check("page/3", 3)\n    Right.\n    True\n\n    ```\n',
                  '```pycon\n>>> check("page/3", 3)\nRight.\nTrue\n\n```\n'),  # not indented
     "exercise 3: the solution has no pycon doctest"),
    (GOOD.replace('??? success "Solution"\n    Answer.', '???+ success "Solution"\n    Answer.', 1),
     "exercise 1: the Solution block is shown unfolded (???+)"),
    (GOOD.replace('??? tip "Hint"', '???+ tip "Hint"', 1),
     "exercise 1: the Hint block is shown unfolded (???+)"),
    (GOOD.replace("**Exercise 3.", "**Exercise 4."), "numbered [1, 2, 4]"),
])
def test_the_checker_rejects_a_page_without_hints_self_checks_or_checked_solutions(
        broken, complaint):
    assert any(complaint in issue for issue in problems(broken)), problems(broken)


def test_the_checker_wants_the_hint_before_the_self_check_before_the_solution():
    hint = '??? tip "Hint"\n    A hint.\n\n'
    moved = GOOD.replace(hint, "", 1).replace('    True\n\n    ```\n',
                                             '    True\n\n    ```\n\n' + hint, 1)
    assert any("exercise 1: blocks in the order ['self_check', 'solution', 'hint']" in issue
               for issue in problems(moved)), problems(moved)


@pytest.mark.parametrize("lang", WORDS)
def test_hints_self_checks_and_solutions_render_folded(built_site, lang):
    words, prefix = WORDS[lang], "" if lang == "en" else f"{lang}/"
    for page in content_pages():
        html = (built_site / prefix / page.removesuffix(".md") / "index.html").read_text(
            encoding="utf-8")
        count = len(exercises(_source(page, lang), lang))
        for kind, admonition in BLOCKS.items():
            blocks = re.findall(  # drawn late or not (data-mlp-late), but never "open"
                rf'<details class="{admonition}"(?: data-mlp-late)?>(.*?)</details>', html,
                re.DOTALL)
            title = getattr(words, kind)
            blocks = [b for b in blocks if f"<summary>{title}</summary>" in b]
            assert len(blocks) == count, (page, lang, kind)  # folded: <details> without "open"
            if kind != "hint":
                assert all("language-pycon" in b for b in blocks), (page, lang, kind)
