"""The hands-on notebooks: ``docs/notebooks/NAME.py`` beside the section page ``docs/NAME.md``.

A notebook is a jupytext percent-format script; mkdocs-jupyter executes and
renders it at every build. These functions add what that plugin lacks: a
cache that knows about ``mlp_edu``, the downloadable ``.ipynb``, links between
notebook and section, and no MathJax from a CDN.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from pathlib import Path

from mlp_edu.i18n import DEFAULT
from sitebuild.cache import keep_only, package_hash
from sitebuild.i18n import NOTEBOOK_DIR, t

__all__ = ["NOTEBOOK_STYLESHEET_DIR", "is_notebook", "move_styles", "notebook_alts",
           "notebook_cache_dir", "notebook_files", "notebook_ipynb", "notebook_page",
           "notebook_section"]

NOTEBOOK_STYLESHEET_DIR = "assets/notebooks"  # the notebooks' one stylesheet, in the site
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
    path = (f"{NOTEBOOK_STYLESHEET_DIR}/jupyter-"
            f"{hashlib.sha256(css.encode()).hexdigest()[:10]}.css")
    link = f'<link rel="stylesheet" href="{url_of(path)}">'
    first = _STYLE.search(content)
    content = content[:first.start()] + link + _STYLE.sub("", content[first.start():])
    return content, path, css
