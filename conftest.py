"""Run the ``>>>`` examples in the site's pages as doctests.

Every ```` ```pycon ```` block in ``docs/**/*.md`` (admonitions included) is a
doctest; the blocks of one page share a namespace and run top to bottom, as a
reader would type them. A page's failing example fails ``make test`` with the
page, line and the output it got.
"""

from __future__ import annotations

import doctest
import re
import textwrap
from pathlib import Path

import pytest

PYCON_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)```pycon[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def pycon_blocks(text: str) -> list[tuple[int, str]]:
    """``(first line number, code)`` of each pycon block in a Markdown text."""
    blocks = []
    for match in PYCON_BLOCK.finditer(text):
        line = text.count("\n", 0, match.start("body"))
        blocks.append((line, textwrap.dedent(match["body"])))
    return blocks


def pytest_collect_file(file_path: Path, parent):
    docs = Path(__file__).parent / "docs"
    if file_path.suffix == ".md" and docs in file_path.parents:
        return MarkdownDoctestFile.from_parent(parent, path=file_path)
    return None


class MarkdownDoctestFile(pytest.File):
    def collect(self):
        blocks = pycon_blocks(self.path.read_text(encoding="utf-8"))
        if blocks:
            yield MarkdownDoctestItem.from_parent(self, name="doctests", blocks=blocks)


class MarkdownDoctestItem(pytest.Item):
    def __init__(self, *, blocks, **kwargs):
        super().__init__(**kwargs)
        self.blocks = blocks

    def runtest(self):
        parser = doctest.DocTestParser()
        namespace: dict = {"__name__": "__page__"}
        for line, code in self.blocks:
            test = parser.get_doctest(code, namespace, self.path.name, str(self.path), line)
            runner = doctest.DocTestRunner(optionflags=FLAGS)
            report: list[str] = []
            runner.run(test, out=report.append, clear_globs=False)
            namespace = test.globs  # DocTest copies its globals: carry them to the next block
            if runner.failures:
                raise MarkdownDoctestFailure("".join(report))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, MarkdownDoctestFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"doctests in {self.path.name}"


class MarkdownDoctestFailure(Exception):
    pass
