"""The site's two languages, as far as the build is concerned.

English is at ``/`` and Simplified Chinese at ``/zh/``: a page ``docs/NAME.md``
has its translation in ``docs/NAME.zh.md``. Prose is translated in those
files, and the words drawn in figures by ``mlp_edu`` (:mod:`mlp_edu.i18n`).
This module has the rest: which language a page is in, where a language lives
in the built site, the words the build itself writes into pages (data, in
``sitebuild/words.toml``), the font that draws Chinese figure labels, and the
check that every page comes in both languages.

>>> t("Back to {section}", "zh").format(section="1.2")
'返回：1.2'
>>> t("no such words", "zh")
Traceback (most recent call last):
KeyError: "no 'zh' translation of 'no such words': add it to sitebuild/words.toml"
"""

from __future__ import annotations

import os
import posixpath
import tomllib
from pathlib import Path

from mlp_edu.i18n import DEFAULT, LANGUAGES
from sitebuild import ROOT

__all__ = ["DEFAULT", "LANGUAGES", "TranslationError", "check_translations", "cjk_font",
           "missing_translations", "page_language", "site_prefix", "t"]

NOTEBOOK_DIR = "notebooks"  # NAME.py, and its translations NAME.LANG.toml beside it
_WORDS = tomllib.loads(Path(__file__).with_name("words.toml").read_text(encoding="utf-8"))
_TABLES = {lang: {entry["en"]: entry[lang] for entry in _WORDS["words"]}
           for lang in LANGUAGES if lang != DEFAULT}


def t(text: str, lang: str = DEFAULT) -> str:
    """``text``, words the build writes into a page, in ``lang``."""
    if lang == DEFAULT:
        return text
    try:
        return _TABLES[lang][text]
    except KeyError:
        raise KeyError(
            f"no {lang!r} translation of {text!r}: add it to sitebuild/words.toml") from None


def page_language(src_path: str) -> str:
    """The language of a page from its path in ``docs/``: ``NAME.zh.md`` is Chinese.

    >>> page_language("activations.md"), page_language("activations.zh.md")
    ('en', 'zh')
    >>> page_language("notebooks/mlp.py")
    'en'
    """
    stem = posixpath.splitext(posixpath.basename(src_path))[0]
    suffix = posixpath.splitext(stem)[1].lstrip(".")
    return suffix if suffix in LANGUAGES else DEFAULT


def site_prefix(lang: str) -> str:
    """Where a language lives in the built site: ``""`` for English, ``"zh/"`` for Chinese.

    >>> site_prefix("en"), site_prefix("zh")
    ('', 'zh/')
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)}; got {lang!r}")
    return "" if lang == DEFAULT else f"{lang}/"


# Chinese figure labels need a font with CJK glyphs. It comes from the npm
# package @expo-google-fonts/noto-sans-sc (SIL Open Font License), pinned in
# package-lock.json and installed by `npm ci` beside KaTeX; matplotlib turns the
# glyphs into paths, so a reader needs no font. MLP_EDU_CJK_FONT may name
# another .ttf/.otf file.
CJK_FONT_FILE = "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"
CJK_FONT_ENV = "MLP_EDU_CJK_FONT"


def cjk_font(node_modules: Path | None = None) -> Path:
    """The font file that draws Chinese figure labels.

    ``$MLP_EDU_CJK_FONT`` if set, else the Noto Sans SC file in ``node_modules``
    (by default the repository's).
    """
    if os.environ.get(CJK_FONT_ENV):
        path = Path(os.environ[CJK_FONT_ENV])
    else:
        path = Path(node_modules or ROOT / "node_modules") / CJK_FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"no font for Chinese figure labels at {path}; run `make setup` (it runs `npm ci`)"
            f" or point {CJK_FONT_ENV} at a .ttf/.otf font with CJK glyphs")
    return path


# docs/NAME.md (English) and docs/NAME.zh.md (Chinese) always come in pairs.
# The notebooks (NAME.py, translated in NAME.LANG.toml) are not part of this check:
# sitebuild.notebooks fails the build when a translation is missing or does not fit.
class TranslationError(ValueError):
    """Pages that exist in one language only."""


def missing_translations(docs_dir: Path) -> list[str]:
    """Every page in ``docs_dir`` whose twin in another language is missing, as the twin's path.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as docs:
    ...     for name in ["index.md", "index.zh.md", "mlp.md", "faq.zh.md", "notebooks/a.md"]:
    ...         (Path(docs) / name).parent.mkdir(exist_ok=True)
    ...         _ = (Path(docs) / name).write_text("# x")
    ...     missing_translations(Path(docs))
    ['faq.md', 'mlp.zh.md']
    """
    docs_dir = Path(docs_dir)
    pages = {path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")
             if path.relative_to(docs_dir).parts[0] != NOTEBOOK_DIR}
    by_name: dict[str, set[str]] = {}
    for page in pages:
        lang = page_language(page)
        name = page.removesuffix(".md").removesuffix(f".{lang}") if lang != DEFAULT else (
            page.removesuffix(".md"))
        by_name.setdefault(name, set()).add(lang)
    missing = [f"{name}.md" if lang == DEFAULT else f"{name}.{lang}.md"
               for name, found in by_name.items() for lang in LANGUAGES if lang not in found]
    return sorted(missing)


def check_translations(docs_dir: Path) -> None:
    """Raise :class:`TranslationError` naming every page that lacks its other-language twin."""
    missing = missing_translations(docs_dir)
    if missing:
        raise TranslationError(
            "every page needs both languages (docs/NAME.md and docs/NAME.zh.md); missing: "
            + ", ".join(f"docs/{path}" for path in missing))
