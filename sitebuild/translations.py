"""Translations that cannot drift: each one records the version of the English it translates.

A Chinese page ``docs/NAME.zh.md`` opens with front matter naming the English
twin's text it was translated from, as a hash (MkDocs reads front matter as
the page's metadata; it is never shown)::

    ---
    translation_of: "3f2a9c0b71de"
    ---

(quoted, so YAML never reads a hash of digits as a number). The hash is
:func:`source_hash` of ``docs/NAME.md``. Once the English page changes, the
hashes differ and ``make test`` fails
(``tests/site/test_translations.py``), naming both files and the command that
records a finished review::

    make translations-reviewed PAGE=docs/NAME.zh.md

which is ``python -m sitebuild.translations reviewed docs/NAME.zh.md``. The
Chinese notebooks' prose (``docs/notebooks/NAME.zh.toml``, see
:mod:`sitebuild.notebooks`) records its English notebook the same way, in a
``translation_of`` key at its top.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sitebuild import ROOT

__all__ = ["FRONT_MATTER", "Stale", "mark_reviewed", "recorded_hash", "source_hash",
           "stale_translations", "twin_of"]

KEY = "translation_of"
HASH_LENGTH = 12  # hex digits of sha256: enough to tell versions of one file apart
DOCS = ROOT / "docs"
FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)
_TOML_LINE = re.compile(rf'^{KEY} = "(?P<hash>[0-9a-f]*)"[ \t]*$', re.MULTILINE)


def source_hash(text: str) -> str:
    """The hash of an English text as its translation records it.

    Line endings and trailing spaces do not count, so an editor's whitespace
    does not ask for a review; every other change does.

    >>> source_hash("# Title\\n\\nText.\\n") == source_hash("# Title  \\r\\n\\r\\nText.")
    True
    >>> source_hash("# Title\\n\\nText.\\n") == source_hash("# Title\\n\\nOther text.\\n")
    False
    >>> len(source_hash("x"))
    12
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    normalised = "\n".join(lines).strip("\n") + "\n"
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def twin_of(translation: Path) -> Path:
    """The English source of a translation: ``NAME.zh.md`` -> ``NAME.md``,
    ``notebooks/NAME.zh.toml`` -> ``notebooks/NAME.py``.

    >>> twin_of(Path("docs/mlp.zh.md")).as_posix(), twin_of(Path("docs/notebooks/mlp.zh.toml")).name
    ('docs/mlp.md', 'mlp.py')
    """
    name = translation.name
    if name.endswith(".zh.md"):
        return translation.with_name(name.removesuffix(".zh.md") + ".md")
    if name.endswith(".zh.toml"):
        return translation.with_name(name.removesuffix(".zh.toml") + ".py")
    raise ValueError(f"translation must be a docs/NAME.zh.md page or a "
                     f"docs/notebooks/NAME.zh.toml notebook translation; got {translation}")


def recorded_hash(text: str, *, toml: bool = False) -> str | None:
    """The hash a translation's text records, or None if it records none.

    >>> recorded_hash('---\\ntranslation_of: "3f2a9c0b71de"\\n---\\n# 标题\\n')
    '3f2a9c0b71de'
    >>> recorded_hash("# 标题\\n") is None
    True
    >>> recorded_hash('translation_of = "3f2a9c0b71de"\\n[[cells]]\\n', toml=True)
    '3f2a9c0b71de'
    """
    if toml:
        match = _TOML_LINE.search(text)
        return match["hash"] if match else None
    front = FRONT_MATTER.match(text)
    if not front:
        return None
    match = re.search(rf'^{KEY}:[ \t]*"?(?P<hash>[0-9a-f]+)"?[ \t]*$', front["body"],
                      re.MULTILINE)
    return match["hash"] if match else None


def with_hash(text: str, new_hash: str, *, toml: bool = False) -> str:
    """``text`` recording ``new_hash``: the key replaced, or added at the top.

    >>> print(with_hash("# 标题\\n", "abc"), end="")
    ---
    translation_of: "abc"
    ---
    # 标题
    >>> print(with_hash('---\\ntranslation_of: "abc"\\ntitle: x\\n---\\n# 标题\\n', "def"), end="")
    ---
    translation_of: "def"
    title: x
    ---
    # 标题
    >>> print(with_hash('translation_of = "abc"\\n', "def", toml=True), end="")
    translation_of = "def"
    """
    if toml:
        line = f'{KEY} = "{new_hash}"'
        if _TOML_LINE.search(text):
            return _TOML_LINE.sub(line, text, count=1)
        return f"{line}\n{text}"
    front = FRONT_MATTER.match(text)
    if front is None:
        return f'---\n{KEY}: "{new_hash}"\n---\n{text}'
    body = front["body"]
    if re.search(rf"^{KEY}:", body, re.MULTILINE):
        body = re.sub(rf"^{KEY}:.*$", f'{KEY}: "{new_hash}"', body, count=1, flags=re.MULTILINE)
    else:
        body = f'{KEY}: "{new_hash}"\n{body}'
    return f"---\n{body}\n---\n{text[front.end():]}"


@dataclass
class Stale:
    """A translation whose English source changed since it was reviewed (or never recorded)."""

    translation: Path
    source: Path
    recorded: str | None
    current: str

    def message(self) -> str:
        rel = _relative
        if self.recorded is None:
            what = (f"{rel(self.translation)} does not record which version of "
                    f"{rel(self.source)} it translates")
        else:
            what = (f"{rel(self.source)} changed since {rel(self.translation)} was reviewed "
                    f"against it (recorded {self.recorded}, now {self.current})")
            since = commit_with_hash(self.source, self.recorded)
            if since:
                what += f"; see what changed: git diff {since} -- {rel(self.source)}"
        return (f"{what}. Bring the translation up to date, then mark the review done: "
                f"make translations-reviewed PAGE={rel(self.translation)}")


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def translations(docs_dir: Path = DOCS) -> list[Path]:
    """Every translation in ``docs_dir``: the Chinese pages and notebook prose files."""
    docs_dir = Path(docs_dir)
    return sorted([*docs_dir.glob("*.zh.md"), *docs_dir.glob("api/*.zh.md"),
                   *docs_dir.glob("notebooks/*.zh.toml")])


def stale_translations(docs_dir: Path = DOCS) -> list[Stale]:
    """Every translation in ``docs_dir`` whose recorded hash is not its source's hash."""
    stale = []
    for translation in translations(docs_dir):
        source = twin_of(translation)
        if not source.is_file():
            continue  # a page in one language only: sitebuild.i18n's check names it
        recorded = recorded_hash(translation.read_text(encoding="utf-8"),
                                 toml=translation.suffix == ".toml")
        current = source_hash(source.read_text(encoding="utf-8"))
        if recorded != current:
            stale.append(Stale(translation, source, recorded, current))
    return stale


def mark_reviewed(translation: Path) -> str:
    """Record in ``translation`` the hash of its English source as it is now; return the hash."""
    translation = Path(translation)
    source = twin_of(translation)
    if not translation.is_file() or not source.is_file():
        raise FileNotFoundError(f"PAGE must name an existing translation with its English "
                                f"source beside it; got {translation} (source {source})")
    current = source_hash(source.read_text(encoding="utf-8"))
    text = translation.read_text(encoding="utf-8")
    translation.write_text(with_hash(text, current, toml=translation.suffix == ".toml"),
                           encoding="utf-8")
    return current


def commit_with_hash(source: Path, wanted: str, limit: int = 200) -> str | None:
    """The newest commit in which ``source`` had the hash ``wanted``, if git can tell."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True,
                                  timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None

    path = _relative(source)
    for commit in (git("log", f"-{limit}", "--format=%h", "--", path) or "").split():
        text = git("show", f"{commit}:{path}")
        if text is not None and source_hash(text) == wanted:
            return commit
    return None


def main(argv: list[str]) -> int:
    usage = ("usage: python -m sitebuild.translations reviewed docs/NAME.zh.md ...\n"
             "       python -m sitebuild.translations check")
    if argv[:1] == ["check"]:
        stale = stale_translations()
        for item in stale:
            print(item.message())
        return 1 if stale else 0
    if argv[:1] != ["reviewed"] or len(argv) < 2:
        print(usage, file=sys.stderr)
        return 2
    for name in argv[1:]:
        try:
            new = mark_reviewed(Path(name))
        except (FileNotFoundError, ValueError) as error:
            print(error, file=sys.stderr)
            return 2
        print(f"{name}: translates {twin_of(Path(name)).as_posix()} at {new}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
