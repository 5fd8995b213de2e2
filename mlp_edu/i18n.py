"""The words drawn in the figures, in the language of the page they are drawn for.

The site is English at ``/`` and Simplified Chinese at ``/zh/``. Drawing code
marks each English word for translation with :func:`t` and draws as usual;
whoever renders decides the language with :func:`language`. The translations
are data, in ``mlp_edu/words.zh.toml``; the activations' names (ReLU, GELU,
...) read the same in every language.

>>> with language("zh"):
...     t("training loss")
'训练损失'
>>> t("training loss")  # English outside such a block
'training loss'
>>> t("Hidden layer {k}", "zh").format(k=2)
'隐藏层 2'

A string without a Chinese entry fails loudly, so a new English word cannot
slip into a Chinese figure unnoticed:

>>> t("no such words", "zh")
Traceback (most recent call last):
KeyError: "no 'zh' translation of 'no such words': add it to mlp_edu/words.zh.toml"
"""

from __future__ import annotations

import contextvars
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mlp_edu.activations import CATALOGUE

__all__ = ["DEFAULT", "LANGUAGES", "current", "language", "t", "words"]

LANGUAGES = {"en": "English", "zh": "简体中文"}  # code: the name the language switcher shows
DEFAULT = "en"  # served at the site's root; the others under /<code>/

_current: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT)


def words(lang: str) -> tuple[dict[str, str], set[str]]:
    """The table of ``lang`` (English -> ``lang``) and the names that stay as they are.

    >>> table, names = words("zh")
    >>> table["epoch"], sorted(names)[:3]
    ('迭代周期', ['ELU', 'GELU', 'He'])
    """
    data = tomllib.loads(
        (Path(__file__).with_name(f"words.{lang}.toml")).read_text(encoding="utf-8"))
    return data["words"], {*data["names"], *(a.label for a in CATALOGUE.values())}


_TABLES = {lang: words(lang) for lang in LANGUAGES if lang != DEFAULT}


@contextmanager
def language(code: str) -> Iterator[None]:
    """Inside this block :func:`t` translates into ``code`` (``"en"`` or ``"zh"``).

    >>> with language("fr"):
    ...     pass
    Traceback (most recent call last):
    ValueError: language must be one of ['en', 'zh']; got 'fr'
    """
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)}; got {code!r}")
    token = _current.set(code)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> str:
    """The language set by the innermost :func:`language` block, else :data:`DEFAULT`."""
    return _current.get()


def t(text: str, lang: str | None = None) -> str:
    """``text`` (English) in ``lang``, by default the :func:`current` language."""
    lang = lang or current()
    if lang == DEFAULT:
        return text
    table, names = _TABLES[lang]
    if text in names:
        return text
    try:
        return table[text]
    except KeyError:
        raise KeyError(f"no {lang!r} translation of {text!r}: "
                       f"add it to mlp_edu/words.{lang}.toml") from None
