"""Every figure on the site: the registry, rendering to SVG, the cache, the page markup.

The registry is data, ``sitebuild/figures.toml``: for each figure its name,
the function of :mod:`mlp_edu.figures` that draws it, and its alt text and
caption in every language of the site. A page asks for a figure by name
(``[[figure relu]]``); the build calls the drawing function once per colour
scheme and language and serves the SVG it returns. Nothing here writes into
``docs/``; figures are never committed.

>>> REGISTRY["sigmoid_grad"].alt[:33]
'The derivative of sigmoid on x fr'
>>> REGISTRY["sigmoid_grad"].qualname
'mlp_edu.figures.sigmoid_grad_figure'
>>> REGISTRY["sigmoid_grad"].text("zh").alt[:11]
'sigmoid 的导数'
"""

from __future__ import annotations

import hashlib
import inspect
import io
import posixpath
import re
import textwrap
import tomllib
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.figure import Figure

import mlp_edu.figures
from mlp_edu.i18n import DEFAULT, LANGUAGES, language
from mlp_edu.plotting import THEMES, theme
from sitebuild.cache import PACKAGE_DIR, keep_only, package_hash
from sitebuild.i18n import cjk_font, page_language, t

__all__ = ["FIGURE_DIR", "REGISTRY", "SCHEMES", "FigureSpec", "expand_figures", "figure_files",
           "figure_path", "load_registry", "render_svg", "svg_size"]

FIGURE_DIR = "figures"  # where figures live in the built site
SCHEMES = ("light", "dark")
REGISTRY_FILE = Path(__file__).with_name("figures.toml")
# `[[figure NAME]]`, or `[[figure NAME open]]` to show the drawing code unfolded.
FIGURE_LINE = re.compile(r"^\[\[figure (?P<name>[\w-]+)(?P<open> open)?\]\]\s*$", re.MULTILINE)


@dataclass(frozen=True)
class FigureText:
    """What a reader of one language reads with a figure: alt text and caption."""

    alt: str
    caption: str


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: ``draw()`` returns a matplotlib Figure."""

    name: str
    draw: Callable[[], Figure]
    texts: dict[str, FigureText] = field(default_factory=dict)

    @property
    def alt(self) -> str:
        """The English alt text."""
        return self.texts[DEFAULT].alt

    @property
    def caption(self) -> str:
        """The English caption."""
        return self.texts[DEFAULT].caption

    @property
    def qualname(self) -> str:
        """Where the drawing function lives, e.g. ``mlp_edu.figures.relu_figure``."""
        return f"{self.draw.__module__}.{self.draw.__qualname__}"

    def text(self, lang: str = DEFAULT) -> FigureText:
        """The alt text and caption in ``lang``; a missing translation raises ``KeyError``."""
        text = self.texts.get(lang)
        if text is None or not (text.alt.strip() and text.caption.strip()):
            raise KeyError(f"figure {self.name!r} has no {lang!r} alt text or caption: "
                           f"give it {lang}.alt and {lang}.caption in sitebuild/figures.toml")
        return text


def load_registry(path: Path = REGISTRY_FILE) -> dict[str, FigureSpec]:
    """Every figure of the registry file, by name, in the file's order.

    A figure needs a drawing function of :mod:`mlp_edu.figures` and English
    alt text; a name may hold letters, digits, ``-`` and ``_``.
    """
    registry = {}
    for name, entry in tomllib.loads(Path(path).read_text(encoding="utf-8")).items():
        if not name.replace("_", "").replace("-", "").isalnum():
            raise ValueError(f"figure name must be letters, digits, '-' or '_'; got {name!r}")
        draw = getattr(mlp_edu.figures, entry.get("draw", ""), None)
        if not callable(draw):
            raise ValueError(f"figure {name!r}: no drawing function {entry.get('draw')!r} "
                             "in mlp_edu/figures.py")
        texts = {lang: FigureText(entry[lang].get("alt", ""), entry[lang].get("caption", ""))
                 for lang in LANGUAGES if lang in entry}
        if DEFAULT not in texts or not texts[DEFAULT].alt.strip():
            raise ValueError(f"figure {name!r} needs alt text ({DEFAULT}.alt)")
        registry[name] = FigureSpec(name, draw, texts)
    return registry


REGISTRY: dict[str, FigureSpec] = load_registry()


@contextmanager
def _fonts(lang: str) -> Iterator[None]:
    """Fonts for ``lang``: Chinese falls back glyph by glyph from DejaVu Sans to Noto Sans SC.

    A glyph missing from every font is an error, not matplotlib's warning and
    an empty box in the figure.
    """
    rc = {}
    if lang != DEFAULT:
        path = cjk_font()
        font_manager.fontManager.addfont(str(path))  # a no-op once it is known
        family = font_manager.FontProperties(fname=str(path)).get_name()
        rc["font.family"] = [*plt.rcParams["font.family"], family]
        rc["font.sans-serif"] = [*plt.rcParams["font.sans-serif"], family]
    with plt.rc_context(rc), warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph \d+ .*missing from font")
        yield


def render_svg(name: str, scheme: str = "light", lang: str = DEFAULT) -> bytes:
    """Draw figure ``name`` in colour ``scheme`` and language ``lang``; return its SVG bytes.

    The bytes are the same on every call: matplotlib's ids are salted with a
    fixed string and the date is left out of the metadata. Text is saved as
    paths, so Chinese labels need no font on the reader's side.

    >>> render_svg("relu") == render_svg("relu")
    True
    >>> b"<text" in render_svg("network", lang="zh")
    False
    >>> render_svg("nope")
    Traceback (most recent call last):
    KeyError: "no figure named 'nope'; registered: ..."
    """
    if name not in REGISTRY:
        raise KeyError(f"no figure named {name!r}; registered: {sorted(REGISTRY)}")
    if scheme not in THEMES:
        raise ValueError(f"scheme must be one of {list(THEMES)}; got {scheme!r}")
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)}; got {lang!r}")
    with theme(scheme), language(lang), _fonts(lang):
        fig = REGISTRY[name].draw()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        plt.close(fig)
    return buffer.getvalue()


def figure_path(name: str, scheme: str, lang: str = DEFAULT) -> str:
    """The site path of one figure variant, e.g. ``figures/relu-dark.svg``.

    Figures drawn for the Chinese pages live in ``figures/zh/``.

    >>> figure_path("relu", "dark"), figure_path("relu", "dark", "zh")
    ('figures/relu-dark.svg', 'figures/zh/relu-dark.svg')
    """
    folder = FIGURE_DIR if lang == DEFAULT else f"{FIGURE_DIR}/{lang}"
    return f"{folder}/{name}-{scheme}.svg"


def figure_cache_key() -> str:
    """What the figure cache is keyed on: the package and this module
    (:func:`~sitebuild.cache.package_hash`), and the CJK font.

    The font draws the Chinese labels, so another font file draws them again.
    """
    source = package_hash(Path(__file__))
    try:
        font = cjk_font()
    except FileNotFoundError:
        return source
    return hashlib.sha256(f"{source} {font.name} {font.stat().st_size}".encode()).hexdigest()[:16]


def figure_files(cache_dir: Path, lang: str = DEFAULT) -> dict[str, bytes]:
    """Every registered figure in both schemes for the pages in ``lang``: ``{site path: SVG}``.

    Rendered SVGs are kept in ``cache_dir/<figure cache key>/``; a figure is
    drawn again only when the package (or the font) changed since it was last
    drawn. A figure missing from the cache is drawn in every scheme and
    language at once (the build of the next language finds them there), the
    figures side by side on all cores (:func:`_draw_all`).
    """
    folder = Path(cache_dir) / figure_cache_key()
    folder.mkdir(parents=True, exist_ok=True)

    def cached(name: str, scheme: str, lang: str) -> Path:
        return folder / f"{name}-{scheme}.{lang}.svg"

    missing = [name for name in sorted(REGISTRY)
               if not all(cached(name, s, lg).exists() for s in SCHEMES for lg in LANGUAGES)]
    for name, variants in _draw_all(missing):
        for (scheme, lg), svg in variants.items():
            temporary = cached(name, scheme, lg).with_suffix(".tmp")
            temporary.write_bytes(svg)
            temporary.replace(cached(name, scheme, lg))  # atomic: never half a figure
    files = {figure_path(name, scheme, lang): cached(name, scheme, lang).read_bytes()
             for name in sorted(REGISTRY) for scheme in SCHEMES}
    keep_only(Path(cache_dir), keep=folder.name)
    return files


def _draw_variants(name: str) -> dict[tuple[str, str], bytes]:
    """Figure ``name`` in every scheme and language: ``{(scheme, language): SVG bytes}``."""
    return {(scheme, lang): render_svg(name, scheme, lang)
            for lang in LANGUAGES for scheme in SCHEMES}


def _draw_all(names: list[str]):
    """``(name, variants)`` for each figure in ``names``, drawn by a process a core
    (:func:`sitebuild.parallel.forked_map`: here, one by one, where forking is unsafe)."""
    from sitebuild.parallel import forked_map

    return zip(names, forked_map(_draw_variants, names), strict=True)


def svg_size(svg: bytes) -> tuple[int, int]:
    """The width and height of a matplotlib SVG in CSS pixels (its size is in points).

    >>> svg_size(b'<svg width="320.763281pt" height="184pt" viewBox="0 0 320.763281 184">')
    (428, 245)
    """
    head = svg[:2000].decode("utf-8", "replace")
    width, height = (float(re.search(rf'<svg[^>]*\b{side}="([\d.]+)pt"', head)[1])
                     for side in ("width", "height"))
    return round(width * 4 / 3), round(height * 4 / 3)


def expand_figures(markdown: str, page_path: str,
                   sizes: dict[str, tuple[int, int]] | None = None) -> str:
    """Replace each ``[[figure NAME]]`` line with the figure's Markdown.

    The code that drew the figure follows it in a collapsible block, folded
    unless the line reads ``[[figure NAME open]]``.

    ``page_path`` is the page's source path relative to ``docs/`` (for
    relative links). A Chinese page (``NAME.zh.md``) gets the figure drawn in
    Chinese, with its Chinese alt text and caption. An unknown name, or a
    figure without a translation, raises ``KeyError``, failing the build.

    Both colour schemes' images are on the page and the theme shows one, so
    each loads lazily: the hidden one is fetched only once its scheme is
    chosen (``javascripts/figures.js`` fetches the shown one's at once).
    ``sizes`` (``{site path: (width, height)}``, :func:`svg_size`) gives each
    image its size, so the text around it never moves as it arrives.

    >>> print(expand_figures("[[figure relu]]", "index.md"))  # doctest: +ELLIPSIS
    <figure markdown="span" class="mlp-figure" id="figure-relu">
    ![The ReLU function ...](figures/relu-light.svg#only-light)...
    >>> print(expand_figures("[[figure relu]]", "index.zh.md"))  # doctest: +ELLIPSIS
    <figure markdown="span" class="mlp-figure" id="figure-relu">
    ![ReLU 函数...](figures/zh/relu-light.svg#only-light)...
    """
    lang = page_language(page_path)

    def one(match: re.Match) -> str:
        name = match["name"]
        if name not in REGISTRY:
            raise KeyError(f"{page_path}: no figure named {name!r}; registered: {sorted(REGISTRY)}")
        spec = REGISTRY[name]
        text = spec.text(lang)
        here = posixpath.dirname(page_path)
        light, dark = (posixpath.relpath(figure_path(name, s, lang), here or ".")
                       for s in SCHEMES)
        alt = text.alt.replace("[", "(").replace("]", ")")

        def attributes(scheme: str) -> str:
            size = (sizes or {}).get(figure_path(name, scheme, lang))
            return "{ loading=lazy" + (f" width={size[0]} height={size[1]}" if size else "") + " }"

        source = textwrap.indent(inspect.getsource(spec.draw).rstrip(), "    ")
        shown_file = Path(inspect.getsourcefile(spec.draw)).relative_to(
            PACKAGE_DIR.parent).as_posix()  # e.g. mlp_edu/figures.py
        drawn_by = t("Drawn by <code>{function}()</code>.", lang).format(function=spec.qualname)
        code_title = t("The code that drew this figure: `{function}` in `{file}`", lang)
        return "\n".join([
            f'<figure markdown="span" class="mlp-figure" id="figure-{name}">',
            f"![{alt}]({light}#only-light){attributes('light')}",
            f"![{alt}]({dark}#only-dark){attributes('dark')}",
            f"<figcaption>{text.caption} {drawn_by}</figcaption>",
            "</figure>",
            "",
            f'???{"+" if match["open"] else ""} example '
            f'"{code_title.format(function=spec.qualname, file=shown_file)}"',
            "",
            "    ```python",
            source,
            "    ```",
            "",
        ])

    return FIGURE_LINE.sub(one, markdown)
