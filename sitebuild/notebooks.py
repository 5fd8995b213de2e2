"""The hands-on notebooks: ``docs/notebooks/NAME.py`` beside the section page ``docs/NAME.md``.

A notebook is a jupytext percent-format script; mkdocs-jupyter executes and
renders it at every build. These functions add what that plugin lacks: a
cache that knows about ``mlp_edu``, the downloadable ``.ipynb``, links between
notebook and section, and no MathJax from a CDN.

The Chinese notebook is made from the English one: ``docs/notebooks/NAME.zh.toml``
holds its Markdown cells and figure alt texts in Chinese, in order, and
:func:`translated_source` puts them in place of the English ones. The code
cells are the English notebook's own lines, so the two cannot differ in code;
the ``.toml`` records the version of the English it translates
(:mod:`sitebuild.translations`), so they cannot drift in prose unnoticed.
"""

from __future__ import annotations

import base64
import hashlib
import html
import posixpath
import re
import tomllib
from pathlib import Path

from mlp_edu.i18n import DEFAULT
from sitebuild.cache import keep_only, package_hash
from sitebuild.i18n import NOTEBOOK_DIR, site_prefix, t

__all__ = ["NOTEBOOK_IMAGE_DIR", "NOTEBOOK_STYLESHEET_DIR", "NotebookTranslationError",
           "heading_ids", "is_notebook", "is_notebook_translation", "move_images", "move_styles",
           "notebook_alts", "notebook_cache_dir", "notebook_files", "notebook_ipynb",
           "notebook_page", "notebook_section", "stylesheet_path", "translated_source",
           "translation_file", "with_heading_ids", "write_translated_source"]

NOTEBOOK_STYLESHEET_DIR = "assets/notebooks"  # the notebooks' one stylesheet, in the site
# A figure nbconvert writes into the page as a data URL (PNG or JPEG: plain bytes).
_INLINE_IMAGE = re.compile(
    r'<img\b(?P<before>[^>]*?)\ssrc="data:image/(?P<kind>png|jpeg);base64,(?P<data>[^"]+)"'
    r'(?P<after>[^>]*)>')
_STYLE = re.compile(r"<style\b[^>]*>(?P<css>.*?)</style>\s*", re.DOTALL | re.IGNORECASE)

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
    keep_only(Path(base), keep=folder.name)
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


def is_notebook_translation(path: str) -> bool:
    """Whether ``path`` (relative to ``docs/``) is a notebook's translation, ``NAME.LANG.toml``.

    >>> is_notebook_translation("notebooks/mlp.zh.toml"), is_notebook_translation("mlp.zh.md")
    (True, False)
    """
    return posixpath.dirname(path) == NOTEBOOK_DIR and path.endswith(".toml")


class NotebookTranslationError(ValueError):
    """A notebook translation that does not fit its English notebook."""


_CELL_HEADER = re.compile(r"^# %%.*$", re.MULTILINE)
_ALT = re.compile(r'(?<=\balt=")[^"]*(?=")')


def translation_file(source: Path, lang: str) -> Path:
    """Where the ``lang`` translation of the notebook ``source`` lives: ``NAME.LANG.toml``.

    >>> translation_file(Path("docs/notebooks/mlp.py"), "zh").as_posix()
    'docs/notebooks/mlp.zh.toml'
    """
    return Path(source).with_name(f"{Path(source).stem}.{lang}.toml")


def translated_source(source: Path, lang: str) -> str:
    r"""The notebook ``source`` in ``lang``: its text with each Markdown cell and each
    figure's alt text replaced by the translation's, in order, and every other line kept.

    >>> import tempfile
    >>> english = '# %% [markdown]\n# # Title\n\n# %% alt="A line"\nplot(x)  # draw\n'
    >>> chinese = 'translation_of = ""\nmarkdown = ["# 标题\\n\\n正文"]\nalt = ["一条线"]\n'
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "a.py").write_text(english, encoding="utf-8")
    ...     _ = (Path(folder) / "a.zh.toml").write_text(chinese, encoding="utf-8")
    ...     print(translated_source(Path(folder) / "a.py", "zh"), end="")
    # %% [markdown]
    # # 标题
    #
    # 正文
    <BLANKLINE>
    # %% alt="一条线"
    plot(x)  # draw
    """
    source = Path(source)
    translation = translation_file(source, lang)
    if not translation.is_file():
        raise NotebookTranslationError(f"{source}: no {lang} translation at {translation}")
    try:
        words = tomllib.loads(translation.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise NotebookTranslationError(f"{translation}: {error}") from None
    text = source.read_text(encoding="utf-8")
    headers = list(_CELL_HEADER.finditer(text))
    markdown = [h for h in headers if "[markdown]" in h[0]]
    alts = [h for h in headers if _ALT.search(h[0])]
    cells, alt_texts = words.get("markdown", []), words.get("alt", [])
    for kind, english, translated in [("Markdown cells", markdown, cells),
                                      ("alt texts", alts, alt_texts)]:
        if len(english) != len(translated):
            raise NotebookTranslationError(
                f"{translation} has {len(translated)} {kind}, {source} has {len(english)}: "
                "they are matched in order")
    parts = [text[: headers[0].start()] if headers else text]
    cells_left, alts_left = iter(cells), iter(alt_texts)
    for number, header in enumerate(headers):
        end = headers[number + 1].start() if number + 1 < len(headers) else len(text)
        line, body = header[0], text[header.end(): end]
        if _ALT.search(line):
            alt = next(alts_left)
            if '"' in alt or "\n" in alt:
                raise NotebookTranslationError(f"{translation}: an alt text is one line "
                                               f"without straight double quotes; got {alt!r}")
            line = _ALT.sub(alt, line)
        if "[markdown]" in line:
            cell = next(cells_left).strip("\n")
            blank = body[len(body.rstrip("\n")):]  # the blank lines before the next cell
            body = "\n" + "\n".join(f"# {row}".rstrip() for row in cell.split("\n")) + (
                blank if number + 1 < len(headers) else "\n")
        parts.append(line + body)
    return "".join(parts)


def write_translated_source(source: Path, lang: str, folder: Path) -> Path:
    """Write :func:`translated_source` to ``folder/LANG/notebooks/NAME.py`` (only if it
    changed, so ``mkdocs serve`` does not loop) and return that path: mkdocs-jupyter reads
    a file, and takes it for a notebook only if its path matches its ``include``."""
    target = Path(folder) / lang / NOTEBOOK_DIR / Path(source).name
    text = translated_source(source, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def notebook_ipynb(source: Path, lang: str = DEFAULT) -> bytes:
    """The ``.ipynb`` a reader downloads: the notebook's cells, without outputs.

    It runs in a plain ``python3`` Jupyter kernel with ``mlp_edu`` installed.
    Cell ids are numbered, so the same source gives the same bytes. In another
    language ``lang`` its Markdown cells are that language's (:func:`translated_source`).
    """
    import jupytext
    import nbformat

    if lang == DEFAULT:
        notebook = jupytext.read(source)
    else:
        notebook = jupytext.reads(translated_source(source, lang), fmt="py:percent")
    notebook.metadata.pop("jupytext", None)  # a download is not paired with our .py
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"
        cell.metadata.clear()
    nbformat.validate(notebook)
    return (nbformat.writes(notebook, version=4) + "\n").encode()


def notebook_files(docs_dir: Path, lang: str = DEFAULT) -> dict[str, bytes]:
    """Every notebook in ``docs/notebooks/`` in ``lang`` as ``{site path of its .ipynb: bytes}``.

    >>> sorted(notebook_files(Path("docs"), "zh"))[0]
    'zh/notebooks/activations.ipynb'
    """
    sources = sorted((Path(docs_dir) / NOTEBOOK_DIR).glob("*.py"))
    return {f"{site_prefix(lang)}{NOTEBOOK_DIR}/{path.stem}.ipynb": notebook_ipynb(path, lang)
            for path in sources}


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

    For the pages of another language ``lang`` the bar speaks that language
    (the notebook itself is that language's, :func:`translated_source`).

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
    >>> zh = notebook_page("<p>你好</p>", download_url="a", section_url="b", section_title="c",
    ...                    lang="zh")
    >>> "下载此笔记本" in zh, 'lang="en"' in zh
    (True, False)
    """

    def keep(match: re.Match) -> str:
        src = re.search(r'\bsrc="(?P<url>[^"]*)"', match["attrs"])
        if src and (not src["url"] or "://" in src["url"] or src["url"].startswith("//")):
            return ""  # MathJax's loader (empty URL here) or anything from another host
        if re.search(r"mathjax|mermaid", match["attrs"] + match["body"], re.IGNORECASE):
            return ""
        return match[0]

    back = t("Back to {section}", lang).format(section=html.escape(section_title))
    bar = (
        '<div class="mlp-notebook-bar">'
        f'<a class="md-button md-button--primary" href="{download_url}" download>'
        f'{t("Download this notebook (.ipynb)", lang)}</a> '
        f'<a class="md-button" href="{section_url}">{back}</a>'
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
    return bar + "\n" + content


_HEADING = re.compile(r'<h(?P<level>[1-6]) id="[^"]*">(?P<text>.*?)'
                      r'<a class="headerlink" href="#[^"]*"', re.DOTALL)


def heading_ids(source: Path) -> list[tuple[int, str]]:
    """The level and id of an English notebook's headings, in order, as its page and contents
    name them.

    Python-Markdown's table of contents (which mkdocs-jupyter uses for the page's
    contents) slugs each heading's text; a translated heading would slug to
    nothing (Chinese) or to other words, so every language's notebook takes the
    English ids: the contents' links find their headings, and a link to a
    heading works in every language.

    >>> heading_ids(Path("docs/notebooks/mlp.py"))[:2]
    [(1, '13-multilayer-perceptron-notebook'), (2, 'the-model-in-matrix-form')]
    """
    import jupytext
    import markdown

    cells = jupytext.read(source).cells
    converter = markdown.Markdown(extensions=["toc"])
    converter.convert("\n\n".join(c.source for c in cells if c.cell_type == "markdown"))
    ids: list[tuple[int, str]] = []

    def walk(tokens: list[dict]) -> None:
        for token in tokens:
            ids.append((token["level"], token["id"]))
            walk(token["children"])

    walk(converter.toc_tokens)
    return ids


def with_heading_ids(content: str, ids: list[str]) -> str:
    """A rendered notebook page whose headings, in order, get ``ids`` (and their ¶ links).

    >>> with_heading_ids('<h2 id="">模型<a class="headerlink" href="#" title="x">', ["model"])
    '<h2 id="model">模型<a class="headerlink" href="#model" title="x">'
    >>> with_heading_ids('<h2 id="">模型<a class="headerlink" href="#" title="x">', [])
    Traceback (most recent call last):
    ValueError: the notebook has 1 headings, its English twin 0
    """
    found = len(_HEADING.findall(content))
    if found != len(ids):
        raise ValueError(f"the notebook has {found} headings, its English twin {len(ids)}")
    names = iter(ids)

    def named(match: re.Match) -> str:
        name = next(names)
        return (f'<h{match["level"]} id="{name}">{match["text"]}'
                f'<a class="headerlink" href="#{name}"')

    return _HEADING.sub(named, content)


def move_styles(content: str, url_of) -> tuple[str, str, str]:
    """Take a notebook page's ``<style>`` blocks out into one stylesheet file.

    mkdocs-jupyter writes JupyterLab's whole stylesheet (about 575 kB) into
    every notebook page, where no browser can cache it and every page parses
    it again. The blocks, in order, become one file named by its content
    (``assets/notebooks/jupyter-<hash>.css``), fetched once and cached for
    every notebook; the first block's place gets its ``<link>``. ``url_of(path)``
    is the file's address relative to the page. Returns the page, the file's
    site path and its text (the caller writes it; every notebook page names the
    same file).

    >>> page = '<p>a</p><style>p { color: red }</style>\\n<p>b</p><style>b {}</style>'
    >>> html_out, path, css = move_styles(page, lambda path: "../../" + path)
    >>> print(html_out)  # doctest: +ELLIPSIS
    <p>a</p><link rel="stylesheet" href="../../assets/notebooks/jupyter-....css"><p>b</p>
    >>> print(css)
    p { color: red }
    b {}
    >>> move_styles("<p>no style</p>", str)
    ('<p>no style</p>', '', '')
    """
    blocks = [match["css"].strip() for match in _STYLE.finditer(content)]
    if not blocks:
        return content, "", ""
    css = "\n".join(blocks) + "\n"
    path = stylesheet_path(css)
    link = f'<link rel="stylesheet" href="{url_of(path)}">'
    first = _STYLE.search(content)
    content = content[:first.start()] + link + _STYLE.sub("", content[first.start():])
    return content, path, css


def stylesheet_path(css: str) -> str:
    """Where the notebooks' stylesheet ``css`` lives in the site: named by its content.

    >>> stylesheet_path("p { color: red }")
    'assets/notebooks/jupyter-9e07b08613.css'
    """
    return f"{NOTEBOOK_STYLESHEET_DIR}/jupyter-{hashlib.sha256(css.encode()).hexdigest()[:10]}.css"


NOTEBOOK_IMAGE_DIR = "assets/notebooks/figures"


def _png_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's width and height in pixels, from its header (None: not a PNG)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def move_images(content: str, url_of) -> tuple[str, dict[str, bytes]]:
    """Take a notebook page's figures out of its HTML into image files.

    nbconvert writes each plot into the page as base64 text: most of a notebook
    page's bytes, to be read before any of its text shows, a third larger than
    the image and never cached. Each becomes a file named by its content
    (``assets/notebooks/figures/<hash>.png``), fetched beside the page, with its
    size given so the page does not move when it arrives. ``url_of(path)`` is the file's
    address relative to the page. Returns the page and the files (site path:
    bytes) for the caller to write.

    >>> png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000030000000200")
    >>> page = f'<img alt="A plot" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
    >>> out, files = move_images(page, lambda path: "../../" + path)
    >>> print(out)  # doctest: +ELLIPSIS
    <img alt="A plot" src="../../assets/notebooks/figures/....png" width="3" height="2" \
decoding="async">
    >>> list(files.values()) == [png]
    True
    >>> move_images(page.replace(">", " />"), str)[0].endswith('decoding="async">')
    True
    >>> move_images('<img src="a.png">', str)
    ('<img src="a.png">', {})
    """
    files: dict[str, bytes] = {}

    def one(match: re.Match) -> str:
        data = base64.b64decode(match["data"])
        suffix = "png" if match["kind"] == "png" else "jpg"
        path = f"{NOTEBOOK_IMAGE_DIR}/{hashlib.sha256(data).hexdigest()[:16]}.{suffix}"
        files[path] = data
        after = match["after"].rstrip().removesuffix("/")  # <img ... /> or <img ...>
        added = ""
        size = _png_size(data)
        if size and not re.search(r"\s(width|height)=", match["before"] + after):
            added += f' width="{size[0]}" height="{size[1]}"'
        if "decoding=" not in match["before"] + after:
            added += ' decoding="async"'
        return f'<img{match["before"]} src="{url_of(path)}"{after}{added}>'

    return _INLINE_IMAGE.sub(one, content), files
