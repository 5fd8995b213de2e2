"""What the documentation build needs from the package, as plain functions.

``hooks/mkdocs_hooks.py`` is a thin adapter that calls these; keeping the logic
here means a move to another site generator is a change of adapter only.

- :func:`figure_files` renders every registered figure (light and dark SVG,
  English and Chinese), cached on disk by a hash of the package's source so an
  unchanged package costs nothing on a rebuild.
- :func:`expand_figures` turns ``[[figure NAME]]`` lines on a page into the
  figure, its alt text, its caption and the code that drew it.
- :func:`katex_files` lists the self-hosted KaTeX files the site serves.
- :func:`notebook_cache_dir`, :func:`notebook_files` and :func:`notebook_page`
  serve the notebooks in ``docs/notebooks/``: executed outputs that follow the
  package, a downloadable ``.ipynb``, a link back to the section.
- :func:`build_info` says which version and commit a build comes from (the
  footer of every page); :func:`print_page_markdown` and :func:`print_chapter`
  make the one-page print version of the chapter.
- :func:`explorer_files` and :func:`expand_explorer` put the 1.2 page's
  derivative explorer (``[[explorer]]``) and its data into the build.
- :func:`check_translations` fails the build when a page exists in one
  language only (``docs/NAME.md`` and ``docs/NAME.zh.md`` come in pairs).

The site is English at ``/`` and Chinese at ``/zh/`` (see :mod:`mlp_edu.i18n`):
figures, their alt text and captions, the explorer and the print page are made
once per language, each page getting those of its own language.
"""

from __future__ import annotations

import hashlib
import html
import inspect
import posixpath
import re
import shutil
import textwrap
from pathlib import Path

import matplotlib

import mlp_edu
from mlp_edu.i18n import DEFAULT, LANGUAGES, cjk_font, page_language, site_prefix, t

FIGURE_DIR = "figures"  # where figures live in the built site
KATEX_DIR = "assets/vendor/katex"  # where KaTeX lives in the built site
SCHEMES = ("light", "dark")
PACKAGE_DIR = Path(mlp_edu.__file__).parent
# `[[figure NAME]]`, or `[[figure NAME open]]` to show the drawing code unfolded.
FIGURE_LINE = re.compile(r"^\[\[figure (?P<name>[\w-]+)(?P<open> open)?\]\]\s*$", re.MULTILINE)


def package_hash() -> str:
    """A hash of every source and data file in ``mlp_edu`` plus matplotlib's version.

    Any edit to the package changes it, so cached figures never go stale.
    """
    digest = hashlib.sha256(matplotlib.__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".json"}:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def figure_path(name: str, scheme: str, lang: str = DEFAULT) -> str:
    """The site path of one figure variant, e.g. ``figures/relu-dark.svg``.

    Figures drawn for the Chinese pages live in ``figures/zh/``.

    >>> figure_path("relu", "dark"), figure_path("relu", "dark", "zh")
    ('figures/relu-dark.svg', 'figures/zh/relu-dark.svg')
    """
    folder = FIGURE_DIR if lang == DEFAULT else f"{FIGURE_DIR}/{lang}"
    return f"{folder}/{name}-{scheme}.svg"


def figure_cache_key() -> str:
    """What the figure cache is keyed on: the package (:func:`package_hash`) and the CJK font.

    The font draws the Chinese labels, so another font file draws them again.
    """
    try:
        font = cjk_font()
    except FileNotFoundError:
        return package_hash()
    digest = hashlib.sha256(f"{package_hash()} {font.name} {font.stat().st_size}".encode())
    return digest.hexdigest()[:16]


def figure_files(cache_dir: Path, lang: str = DEFAULT) -> dict[str, bytes]:
    """Every registered figure in both schemes for the pages in ``lang``: ``{site path: SVG}``.

    Rendered SVGs are kept in ``cache_dir/<figure cache key>/``; a figure is
    drawn again only when the package (or the font) changed since it was last
    drawn. A figure missing from the cache is drawn in every scheme and
    language at once (the build of the next language finds them there), the
    figures side by side on all cores (:func:`_draw_all`).
    """
    from mlp_edu.figures import REGISTRY

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
    _drop_old_caches(Path(cache_dir), keep=folder.name)
    return files


def _draw_variants(name: str) -> dict[tuple[str, str], bytes]:
    """Figure ``name`` in every scheme and language: ``{(scheme, language): SVG bytes}``."""
    from mlp_edu.figures import render_svg

    return {(scheme, lang): render_svg(name, scheme, lang)
            for lang in LANGUAGES for scheme in SCHEMES}


def _draw_all(names: list[str]):
    """``(name, variants)`` for each figure in ``names``, drawn by a process a core.

    Worker processes are forked, which is quick and safe only in a process
    with a single thread (``mkdocs build``); with more threads (``mkdocs
    serve``'s server) or one core, the figures are drawn here, one by one.
    """
    import multiprocessing
    import os
    import threading
    from concurrent.futures import ProcessPoolExecutor

    workers = min(os.cpu_count() or 1, len(names))
    if (workers < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return ((name, _draw_variants(name)) for name in names)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(zip(names, pool.map(_draw_variants, names), strict=True))


def _drop_old_caches(cache_dir: Path, keep: str) -> None:
    for old in cache_dir.iterdir():
        if old.is_dir() and old.name != keep:
            for file in old.iterdir():
                file.unlink()
            old.rmdir()


def expand_figures(markdown: str, page_path: str) -> str:
    """Replace each ``[[figure NAME]]`` line with the figure's Markdown.

    The code that drew the figure follows it in a collapsible block, folded
    unless the line reads ``[[figure NAME open]]``.

    ``page_path`` is the page's source path relative to ``docs/`` (for
    relative links). A Chinese page (``NAME.zh.md``) gets the figure drawn in
    Chinese, with its Chinese alt text and caption. An unknown name, or a
    figure without a translation, raises ``KeyError``, failing the build.

    >>> print(expand_figures("[[figure relu]]", "index.md"))  # doctest: +ELLIPSIS
    <figure markdown="span" class="mlp-figure" id="figure-relu">
    ![The ReLU function ...](figures/relu-light.svg#only-light)...
    >>> print(expand_figures("[[figure relu]]", "index.zh.md"))  # doctest: +ELLIPSIS
    <figure markdown="span" class="mlp-figure" id="figure-relu">
    ![ReLU 函数...](figures/zh/relu-light.svg#only-light)...
    """
    from mlp_edu.figures import REGISTRY

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
        source = textwrap.indent(inspect.getsource(spec.draw).rstrip(), "    ")
        module_file = inspect.getsourcefile(spec.draw)
        shown_file = Path(module_file).relative_to(PACKAGE_DIR.parent).as_posix()
        drawn_by = t("Drawn by <code>{function}()</code>.", lang).format(function=spec.qualname)
        code_title = t("The code that drew this figure: `{function}` in `{file}`", lang)
        return "\n".join([
            f'<figure markdown="span" class="mlp-figure" id="figure-{name}">',
            f"![{alt}]({light}#only-light)",
            f"![{alt}]({dark}#only-dark)",
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


def katex_files(node_modules: Path) -> dict[str, bytes]:
    """The KaTeX files the site serves itself: stylesheet, woff2 fonts, licence.

    They come from the npm package pinned in ``package-lock.json``. No script:
    the math is typeset at build time (:mod:`mlp_edu.mathrender`).
    """
    dist = Path(node_modules) / "katex" / "dist"
    if not (dist / "katex.min.css").exists():
        raise FileNotFoundError(
            f"KaTeX is not installed at {dist}; run `make setup` (it runs `npm ci`)"
        )
    files = {
        f"{KATEX_DIR}/katex.min.css": (dist / "katex.min.css").read_bytes(),
        f"{KATEX_DIR}/LICENSE": (dist.parent / "LICENSE").read_bytes(),
    }
    for font in sorted((dist / "fonts").glob("*.woff2")):
        files[f"{KATEX_DIR}/fonts/{font.name}"] = font.read_bytes()
    return files


# Notebooks: docs/notebooks/NAME.py (jupytext percent format) is the hands-on
# notebook of the section page docs/NAME.md. mkdocs-jupyter executes and renders
# it; these functions add what it lacks: a cache that knows about mlp_edu, the
# downloadable .ipynb, links between notebook and section, no MathJax from a CDN.
NOTEBOOK_DIR = "notebooks"  # in docs/ and in the built site
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
# nbconvert's code cell: the div with the cell's id (mkdocs-jupyter wraps it in one more).
_CODE_CELL = re.compile(r'<div\b(?=[^>]*\bjp-CodeCell\b)(?=[^>]*\bid="cell-id=)[^>]*>')
_NO_ALT = 'alt="No description has been provided for this image"'
_ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="(?P<href>#[^"]*)">¶</a>')
_CLIPBOARD_TEXT = re.compile(
    r'<div(?P<attrs>[^>]*\bclass="clipboard-copy-txt"[^>]*)>(?P<text>[^<]*)</div>'
)


def notebook_cache_dir(base: Path) -> Path:
    """The folder for mkdocs-jupyter's cache of executed notebooks: ``base/<key>``.

    mkdocs-jupyter keys its cache on a notebook's text alone, so after an edit
    to ``mlp_edu`` it would serve outputs computed by the old code. Its cache
    lives in a folder named after :func:`package_hash` and numpy's version, so a
    change to either executes every notebook again. Folders of other keys go.
    """
    import numpy

    key = hashlib.sha256(f"{package_hash()} numpy {numpy.__version__}".encode()).hexdigest()
    folder = Path(base) / key[:16]
    folder.mkdir(parents=True, exist_ok=True)
    for old in Path(base).iterdir():
        if old.is_dir() and old.name != folder.name:
            shutil.rmtree(old, ignore_errors=True)  # a concurrent build may be using it
    return folder


def notebook_section(notebook_path: str) -> str:
    """The section page of a notebook, both relative to ``docs/``.

    >>> notebook_section("notebooks/activations.py")
    'activations.md'
    """
    return posixpath.basename(notebook_path).removesuffix(".py") + ".md"


def is_notebook(path: str) -> bool:
    """Whether ``path`` (relative to ``docs/``) is a notebook source.

    >>> is_notebook("notebooks/mlp.py"), is_notebook("mlp.md")
    (True, False)
    """
    return posixpath.dirname(path) == NOTEBOOK_DIR and path.endswith(".py")


def notebook_ipynb(source: Path) -> bytes:
    """The ``.ipynb`` a reader downloads: the notebook's cells, without outputs.

    It runs in a plain ``python3`` Jupyter kernel with ``mlp_edu`` installed.
    Cell ids are numbered, so the same source gives the same bytes.
    """
    import jupytext
    import nbformat

    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)  # a download is not paired with our .py
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"
        cell.metadata.clear()
    nbformat.validate(notebook)
    return (nbformat.writes(notebook, version=4) + "\n").encode()


def notebook_files(docs_dir: Path) -> dict[str, bytes]:
    """Every notebook in ``docs/notebooks/`` as ``{site path of its .ipynb: bytes}``."""
    sources = sorted((Path(docs_dir) / NOTEBOOK_DIR).glob("*.py"))
    return {f"{NOTEBOOK_DIR}/{path.stem}.ipynb": notebook_ipynb(path) for path in sources}


def notebook_alts(source: Path) -> list[str | None]:
    """The alt text for the figures of each code cell, in order; None where there is none.

    A cell gives it in its header line: ``# %% alt="What the figure shows"``.
    """
    import jupytext

    cells = jupytext.read(source).cells
    return [cell.metadata.get("alt") for cell in cells if cell.cell_type == "code"]


def notebook_page(
    content: str,
    *,
    download_url: str,
    section_url: str,
    section_title: str,
    alts: list[str | None] = (),
    lang: str = DEFAULT,
) -> str:
    """A rendered notebook page, ready for the site.

    Drops the scripts nbconvert adds that would load MathJax and Mermaid from a
    CDN (the site typesets math with its own KaTeX), and puts a bar on top with
    the download link and the way back to the section. The hidden copy of each
    code cell that the copy button copies becomes a hidden ``<pre>``, so it
    reads as code, not as prose, to anything that scans the page's text, and
    heading anchors become Material's ``headerlink``, as on the other pages.
    ``alts[k]`` (see :func:`notebook_alts`) replaces nbconvert's placeholder alt
    text of the figures in the k-th code cell.

    The notebooks are in English. For the pages of another language ``lang``
    the bar speaks that language and says so, and the notebook itself is
    marked ``lang="en"``.

    >>> page = notebook_page('<script src=""> </script><p>hi</p>', download_url="../a.ipynb",
    ...                      section_url="../../a/", section_title="1.2 A")
    >>> "script" in page, 'href="../a.ipynb" download' in page
    (False, True)
    >>> notebook_page('<div id="cell-1" class="clipboard-copy-txt">x = 1</div>',
    ...               download_url="a", section_url="b", section_title="c").splitlines()[1]
    '<pre id="cell-1" class="clipboard-copy-txt" hidden>x = 1</pre>'
    >>> cell = ('<div class="jp-Cell jp-CodeCell" id="cell-id=a1"><img '
    ...         'alt="No description has been provided for this image" src="f.png"></div>')
    >>> 'alt="A straight line"' in notebook_page(cell, download_url="a", section_url="b",
    ...                                          section_title="c", alts=["A straight line"])
    True
    >>> zh = notebook_page("<p>hi</p>", download_url="a", section_url="b", section_title="c",
    ...                    lang="zh")
    >>> "只有英文版" in zh, '<div lang="en">' in zh
    (True, True)
    """

    def keep(match: re.Match) -> str:
        src = re.search(r'\bsrc="(?P<url>[^"]*)"', match["attrs"])
        if src and (not src["url"] or "://" in src["url"] or src["url"].startswith("//")):
            return ""  # MathJax's loader (empty URL here) or anything from another host
        if re.search(r"mathjax|mermaid", match["attrs"] + match["body"], re.IGNORECASE):
            return ""
        return match[0]

    back = t("Back to {section}", lang).format(section=html.escape(section_title))
    note = ("" if lang == DEFAULT else '<p class="mlp-notebook-bar__note">'
            + t("The companion Jupyter notebooks are in English only for now.", lang) + "</p>")
    bar = (
        '<div class="mlp-notebook-bar">'
        f'<a class="md-button md-button--primary" href="{download_url}" download>'
        f'{t("Download this notebook (.ipynb)", lang)}</a> '
        f'<a class="md-button" href="{section_url}">{back}</a>{note}'
        "</div>"
    )
    cells = _CODE_CELL.split(content)  # cells[0] is what comes before the first code cell
    starts = _CODE_CELL.findall(content)
    for number, alt in enumerate(alts, start=1):
        if alt and number < len(cells):
            cells[number] = cells[number].replace(_NO_ALT, f'alt="{html.escape(alt)}"')
    content = cells[0] + "".join(start + cell for start, cell in zip(starts, cells[1:],
                                                                       strict=True))
    content = _CLIPBOARD_TEXT.sub(r"<pre\g<attrs> hidden>\g<text></pre>", content)
    # Heading links as on every other page (Material shows them on hover, never in print).
    content = _ANCHOR_LINK.sub(r'<a class="headerlink" href="\g<href>" title="Permanent link">'
                               r"&para;</a>", content)
    content = content.replace('", aria-label="Copy', '" aria-label="Copy')  # a stray comma
    content = _SCRIPT.sub(keep, content)
    if lang != DEFAULT:
        content = f'<div lang="en">\n{content}\n</div>'
    return bar + "\n" + content



# Provenance and the printable chapter: what every page's footer says about the
# build, and one page holding every section for printing.
PRINT_PAGE = "print.md"  # generated by the hook, never written into docs/ (zh/print.md in zh)
PRINT_TITLE = "The whole chapter on one page"
_TAG = re.compile(r"<(?P<raw>script|style)\b.*?</(?P=raw)\s*>|<(?P<tag>[a-zA-Z][\w-]*)\b[^>]*>",
                  re.DOTALL | re.IGNORECASE)
_LINKING = re.compile(r'(?P<space>\s)(?P<name>id|for|name|href|src)="(?P<value>[^"]*)"')


def build_info(root: Path) -> dict[str, str]:
    """The ``mlp_edu`` version and the git commit a build is made from.

    ``commit`` is ``git rev-parse --short HEAD`` in ``root``, with ``+dirty``
    when the tree there has uncommitted changes, or ``"unknown"`` when ``root``
    is not in a git repository (or git is missing).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as outside_git:
    ...     info = build_info(Path(outside_git))
    >>> info["version"] == mlp_edu.__version__, info["commit"]
    (True, 'unknown')
    """
    import subprocess

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(root), *args],
                                  capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    if commit and git("status", "--porcelain"):
        commit += "+dirty"
    return {"version": mlp_edu.__version__, "commit": commit or "unknown"}


def print_page_path(lang: str = DEFAULT) -> str:
    """The print page of the chapter in ``lang``, as a path in the build's ``docs/``.

    >>> print_page_path(), print_page_path("zh")
    ('print.md', 'zh/print.md')
    """
    return f"{site_prefix(lang)}{PRINT_PAGE}"


def print_page_markdown(info: dict[str, str], title: str | None = None,
                        lang: str = DEFAULT) -> str:
    """The Markdown of the print page in ``lang``: front matter, title, introduction.

    The hook appends every section of the chapter to it once they are rendered
    (:func:`print_chapter`). The page stays out of search, so a query finds
    the section itself rather than its copy here.
    """
    import json

    title = title or t(PRINT_TITLE, lang)
    return "\n".join([
        "---",
        f"title: {json.dumps(title)}",  # JSON strings are YAML strings
        "search:",
        "  exclude: true",
        "hide:",
        "  - navigation",
        "  - toc",
        "---",
        "",
        f"# {title}",
        "",
        t("Every section of the chapter on one page, with its figures and formulas, ready to "
          "print or save as PDF from your browser's print dialog (Ctrl+P, or Cmd+P on a Mac). "
          "Figures print in their light colours.", lang),
        "",
        t("Built from `mlp_edu` {version}, commit `{commit}`.", lang).format(**info),
        "",
    ])


def print_chapter(pages: list[tuple[str, str, str]], print_url: str) -> str:
    """The sections of the chapter as one HTML document part, for the print page.

    ``pages`` holds ``(url, title, html)`` for each page in reading order, with
    ``url`` as MkDocs gives it (``""``, ``"activations/"``) and ``html`` the page's
    rendered content; ``print_url`` is the print page's own URL. Each page goes
    into a ``<section id="SLUG">`` (``index`` for the home page). Every id in it
    is prefixed with ``SLUG--`` so ids of different pages never clash; a link to
    one of these pages becomes a link into the print page, and every other
    relative link or image address is rewritten to work from ``print_url``.
    A ``<style>`` or ``<script>`` block that an earlier section already has
    (the notebooks' stylesheet, say) is left out.

    >>> home = '<h1 id="top">Overview</h1><p><a href="activations/#relu">ReLU</a></p>'
    >>> activations = '<h2 id="relu">ReLU</h2><img alt="x" src="../figures/r.svg">'
    >>> part = print_chapter([("", "Overview", home), ("activations/", "1.2", activations)],
    ...                      "print/")
    >>> print(part)  # doctest: +NORMALIZE_WHITESPACE
    <section class="mlp-print-section" id="index" aria-label="Overview">
    <h1 id="index--top">Overview</h1><p><a href="#activations--relu">ReLU</a></p>
    </section>
    <section class="mlp-print-section" id="activations" aria-label="1.2">
    <h1>1.2</h1>
    <h2 id="activations--relu">ReLU</h2><img alt="x" src="../figures/r.svg">
    </section>
    """
    from functools import partial
    from html import escape

    slugs = {_page_path(url): _slug(url) for url, _, _ in pages}
    parts: list[str] = []
    blocks: set[str] = set()  # the style and script blocks included so far
    for url, title, content in pages:
        slug = _slug(url)
        relink = partial(_relink, page_url=url, slug=slug, slugs=slugs, print_url=print_url,
                         blocks=blocks)
        body = _TAG.sub(relink, content)
        if "<h1" not in body:  # Material adds the title itself when a page has no h1
            body = f"<h1>{escape(title)}</h1>\n{body}"
        parts.append(f'<section class="mlp-print-section" id="{slug}" '
                     f'aria-label="{escape(title)}">\n{body}\n</section>')
    return "\n".join(parts)


def _page_path(url: str) -> str:
    return url[: -len("index.html")] if url.endswith("index.html") else url


def _slug(url: str) -> str:
    return _page_path(url).strip("/").removesuffix(".html").replace("/", "-") or "index"


def _relink(tag: re.Match, page_url: str, slug: str, slugs: dict[str, str],
            print_url: str, blocks: set[str]) -> str:
    if tag["raw"]:  # a script or style block: leave its text alone, include it once
        if tag[0] in blocks:
            return ""
        blocks.add(tag[0])
        return tag[0]
    name = tag["tag"].lower()

    def one(attribute: re.Match) -> str:
        kind, value = attribute["name"], attribute["value"]
        if kind in {"id", "for"} or (kind == "name" and name == "input"):
            value = f"{slug}--{value}"
        elif kind in {"href", "src"}:
            value = _relocate(value, page_url, slug, slugs, print_url)
        return f'{attribute["space"]}{kind}="{value}"'

    return _LINKING.sub(one, tag[0])


def _relocate(address: str, page_url: str, slug: str, slugs: dict[str, str],
              print_url: str) -> str:
    from urllib.parse import urljoin, urlsplit

    parts = urlsplit(address)
    if parts.scheme or parts.netloc or address.startswith("/"):
        return address  # another host, a data: URL or site-absolute: the same everywhere
    if not parts.path and not parts.query:
        return f"#{slug}--{parts.fragment}" if parts.fragment else address
    target = urlsplit(urljoin(f"http://site/{page_url}", address))
    path = _page_path(target.path.lstrip("/"))
    if path in slugs:
        return f"#{slugs[path]}--{target.fragment}" if target.fragment else f"#{slugs[path]}"
    relative = posixpath.relpath(f"/{path}", posixpath.dirname(f"/{print_url}"))
    if path.endswith("/") or not path:
        relative += "/"
    query = f"?{target.query}" if target.query else ""
    fragment = f"#{target.fragment}" if target.fragment else ""
    return f"{relative}{query}{fragment}"


# The derivative explorer of section 1.2: `[[explorer]]` on a page becomes the
# widget (mlp_edu.explorer.explorer_html), whose script reads the table that
# explorer_files puts into the build. Its numbers come from mlp_edu.activations.
EXPLORER_LINE = re.compile(r"^\[\[explorer\]\]\s*$", re.MULTILINE)


def explorer_files() -> dict[str, bytes]:
    """The explorer's data, ``{"assets/explorer.json": JSON bytes}``, for the build in memory."""
    from mlp_edu.explorer import DATA_PATH, explorer_json

    return {DATA_PATH: explorer_json()}


def expand_explorer(markdown: str, lang: str = DEFAULT) -> str:
    """Replace each ``[[explorer]]`` line with the derivative explorer's markup in ``lang``.

    >>> page = expand_explorer("Try it:\\n\\n[[explorer]]\\n")
    >>> "[[explorer]]" in page, 'class="mlp-explorer"' in page
    (False, True)
    """
    from mlp_edu.explorer import explorer_html

    return EXPLORER_LINE.sub(lambda match: explorer_html(lang), markdown)


# One site in two languages: docs/NAME.md (English) and docs/NAME.zh.md
# (Chinese) always come in pairs. The notebooks are English only (both
# languages' pages link to them) and are not part of the check.
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
