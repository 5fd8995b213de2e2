"""The offline edition: the whole site in one archive that works opened from disk.

``make offline`` builds the site with ``mkdocs.offline.yml`` (pages as
``NAME.html``, not ``NAME/``, since a browser opens no ``index.html`` for a folder
on disk) and zips it. Opened from ``file://``, a browser refuses what the hosted
site does with ``fetch()`` and ``XMLHttpRequest``: Chromium allows no request from
a page on disk to another file, and starts no Web Worker there. What the site
fetches gets a script twin instead, which a page on disk may load:

- the data of the explorer, the step-through and every playground setting
  (``assets/**/*.json``): each becomes ``NAME.json.js``, a script holding the
  same text, and a small script first in every page's ``<head>``
  (:data:`FETCH_FROM_TWINS`) answers the widgets' ``fetch()`` of ``NAME.json``
  from it (served over http, the edition works the same way);
- each language's search index: ``search/search_index.js`` beside its
  ``search_index.json``, which Material's search loads by itself on ``file://``;
  its search worker runs in an iframe (iframe-worker's shim, from npm, as
  Material's own offline plugin does, but served by the site, not from a CDN).

KaTeX's fonts would be refused too (a page on disk may not load fonts from files,
which browsers fetch as if from another site): :func:`with_fonts_inline` puts them
into KaTeX's stylesheet, and pages ask for no font ahead.

Material also asks each language's ``sitemap.xml`` (to keep the page when a plain
link changes language; the header's switcher links the page itself): on disk that
request fails quietly, as it would online without a sitemap, instead of
logging an error on every page.

The hook also turns Material's instant navigation off in this edition: Material
disables it on ``file://`` and then never tells the pages' scripts (its
``document$``) that the first page has loaded, so no widget would start.

Material's built-in ``offline`` plugin writes the search index as a script and
loads the worker shim, for a site with one index and with the shim from unpkg.com;
this module does it for each language's index with files the site serves itself.
"""

from __future__ import annotations

import base64
import json
import re
import zipfile
from pathlib import Path

from mlp_edu.i18n import LANGUAGES
from sitebuild.i18n import site_prefix

__all__ = ["ARCHIVE_NAME", "FETCH_FROM_TWINS", "WORKER_SHIM", "add_fetch_from_twins",
           "data_twins", "offline_files", "search_index_scripts", "with_fonts_inline",
           "write_archive"]

ARCHIVE_NAME = "mlp-edu-offline.zip"  # at the hosted site's root, beside index.html
ARCHIVE_FOLDER = "mlp-edu-offline"  # what the archive unpacks to: open index.html in it
WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"
_DATA = "assets"  # the widgets' data files live under it, *.json
_TWIN_KEY = "mlpEduOfflineData"  # the global that twins write into

# First in <head>: fetch() of a .json file of the site is answered from its script
# twin, NAME.json.js, which files its text under the twin's own address. On disk, an
# XMLHttpRequest to a file (Material's sitemap) fails quietly.
FETCH_FROM_TWINS = """<script>(function () {
  var data = window.__KEY__ = window.__KEY__ || {};
  var ownFetch = window.fetch;
  function twin(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url.split(/[?#]/)[0] + ".js";
      script.onload = function () {
        script.remove();
        if (script.src in data) resolve(data[script.src]);
        else reject(new TypeError("no data in " + script.src));
      };
      script.onerror = function () {
        script.remove();
        reject(new TypeError("not in the offline edition: " + url));
      };
      document.head.appendChild(script);
    });
  }
  window.fetch = function (resource, options) {
    var url = new URL(resource instanceof Request ? resource.url : resource, location.href);
    var ours = url.protocol === "file:" || url.origin === location.origin;
    if (!ours || !/\\.json$/.test(url.pathname)) {
      return ownFetch.apply(this, arguments);
    }
    return twin(url.href).then(function (text) {
      return new Response(text, {status: 200, headers: {"Content-Type": "application/json"}});
    });
  };
  if (location.protocol !== "file:") return;
  var request = XMLHttpRequest.prototype, open = request.open, send = request.send;
  request.open = function (method, url) {
    this.mlpOnDisk = new URL(String(url), location.href).protocol === "file:";
    return open.apply(this, arguments);
  };
  request.send = function () {
    if (!this.mlpOnDisk) return send.apply(this, arguments);
    var xhr = this;
    setTimeout(function () { xhr.dispatchEvent(new ProgressEvent("error")); });
  };
})();</script>""".replace("__KEY__", _TWIN_KEY)


def add_fetch_from_twins(page_html: str) -> str:
    """Put :data:`FETCH_FROM_TWINS` first in the page's ``<head>``, after its charset.

    >>> page = add_fetch_from_twins('<head><meta charset="utf-8"><title>t</title></head>')
    >>> page.startswith('<head><meta charset="utf-8"><script>') and "file:" in page
    True
    >>> add_fetch_from_twins("<p>no head</p>")
    '<p>no head</p>'
    """
    charset = re.search(r"<meta charset=[^>]*>", page_html)
    if charset is None:
        return page_html
    return page_html[:charset.end()] + FETCH_FROM_TWINS + page_html[charset.end():]


def twin_script(text: str) -> str:
    """The script twin of a data file whose content is ``text``.

    >>> print(twin_script('{"a": 1}'))
    window.mlpEduOfflineData[document.currentScript.src] = "{\\"a\\": 1}";
    <BLANKLINE>
    """
    return f"window.{_TWIN_KEY}[document.currentScript.src] = {json.dumps(text)};\n"


def data_twins(site_dir: Path) -> list[str]:
    """Replace every data file under ``assets/``, ``NAME.json``, by its script twin.

    Returns the data files replaced, as paths in the site. Search indexes are not
    among them (Material loads its own, :func:`search_index_scripts`).

    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> (site / "assets" / "playground").mkdir(parents=True)
    >>> _ = (site / "assets" / "playground" / "index.json").write_text('{"n": 2}')
    >>> data_twins(site)
    ['assets/playground/index.json']
    >>> print((site / "assets" / "playground" / "index.json.js").read_text())
    window.mlpEduOfflineData[document.currentScript.src] = "{\\"n\\": 2}";
    <BLANKLINE>
    >>> (site / "assets" / "playground" / "index.json").exists()
    False
    """
    site_dir = Path(site_dir)
    twinned = []
    for path in sorted((site_dir / _DATA).rglob("*.json")):
        path.with_name(path.name + ".js").write_text(
            twin_script(path.read_text(encoding="utf-8")), encoding="utf-8")
        path.unlink()  # one copy of the data in the archive
        twinned.append(path.relative_to(site_dir).as_posix())
    return twinned


def search_index_scripts(site_dir: Path) -> list[str]:
    """Write ``search/search_index.js`` beside each language's search index.

    Material's search reads the global ``__index`` that this script sets when
    the page is on disk (``file:``); returns the scripts written.

    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> for home in ["", "zh/"]:
    ...     (site / home / "search").mkdir(parents=True)
    ...     _ = (site / home / "search" / "search_index.json").write_text('{"docs": []}')
    >>> search_index_scripts(site)
    ['search/search_index.js', 'zh/search/search_index.js']
    >>> (site / "zh/search/search_index.js").read_text()
    'var __index = {"docs": []}'
    """
    written = []
    for lang in LANGUAGES:
        index = Path(site_dir) / site_prefix(lang) / "search" / "search_index.json"
        if index.is_file():
            index.with_suffix(".js").write_text(
                "var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")
            written.append(index.with_suffix(".js").relative_to(site_dir).as_posix())
    return written


def offline_files(node_modules: Path) -> dict[str, bytes]:
    """The files only the offline edition serves: iframe-worker's shim and its licence.

    They come from the npm package ``iframe-worker`` pinned in ``package-lock.json``.
    """
    package = Path(node_modules) / "iframe-worker"
    if not (package / "shim" / "index.js").is_file():
        raise FileNotFoundError(
            f"iframe-worker is not installed at {package}; run `make setup` (it runs `npm ci`)")
    return {WORKER_SHIM: (package / "shim" / "index.js").read_bytes(),
            WORKER_SHIM.replace("shim.js", "LICENSE"): (package / "LICENSE").read_bytes()}


# A font in KaTeX's stylesheet: its woff2 file, then the woff and ttf the site does not serve.
_FONT_SOURCES = re.compile(r'url\((fonts/[\w-]+)\.woff2\) format\("woff2"\)'
                           r'(?:,url\(fonts/[\w-]+\.(?:woff|ttf)\) format\("\w+"\))*')


def with_fonts_inline(katex_files: dict[str, bytes], katex_dir: str) -> dict[str, bytes]:
    """KaTeX's files with its woff2 fonts inside its stylesheet, as ``data:`` URLs.

    ``katex_files`` are the files the site serves from ``katex_dir``
    (:func:`sitebuild.katex.katex_files`); the fonts leave as files.

    >>> css = (b'@font-face{font-family:KaTeX_Main;src:url(fonts/KaTeX_Main-Regular.woff2) '
    ...        b'format("woff2"),url(fonts/KaTeX_Main-Regular.woff) format("woff")}')
    >>> files = with_fonts_inline({"k/katex.min.css": css, "k/fonts/KaTeX_Main-Regular.woff2":
    ...                            b"wOF2"}, "k")
    >>> list(files)
    ['k/katex.min.css']
    >>> print(files["k/katex.min.css"].decode().replace("src:", "\\n"))
    @font-face{font-family:KaTeX_Main;
    url(data:font/woff2;base64,d09GMg==) format("woff2")}
    """
    stylesheet = f"{katex_dir}/katex.min.css"
    fonts = {path: content for path, content in katex_files.items() if path.endswith(".woff2")}

    def inline(match: re.Match) -> str:
        font = fonts[f"{katex_dir}/{match[1]}.woff2"]
        return f'url(data:font/woff2;base64,{base64.b64encode(font).decode()}) format("woff2")'

    css = _FONT_SOURCES.sub(inline, katex_files[stylesheet].decode("utf-8"))
    if "url(fonts/" in css:
        left = css[css.index("url(fonts/"):][:80]
        raise ValueError(f"{stylesheet}: a font is left as a file: {left}")
    return {**{path: content for path, content in katex_files.items() if path not in fonts},
            stylesheet: css.encode("utf-8")}


def write_archive(site_dir: Path, archive: Path) -> int:
    """Zip the built offline edition into ``archive``, under one folder; return its size.

    Files are stored in name order with a fixed date, so the same site gives the
    same bytes. The archive itself, if it sits in ``site_dir``, is left out.

    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> _ = (site / "index.html").write_text("<p>hi</p>")
    >>> size = write_archive(site, site / ARCHIVE_NAME)
    >>> zipfile.ZipFile(site / ARCHIVE_NAME).namelist()
    ['mlp-edu-offline/index.html']
    """
    site_dir, archive = Path(site_dir), Path(archive)
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=9) as bundle:
        for path in sorted(site_dir.rglob("*")):
            if path.is_dir() or path.resolve() == archive.resolve():
                continue
            entry = zipfile.ZipInfo(f"{ARCHIVE_FOLDER}/{path.relative_to(site_dir).as_posix()}",
                                    date_time=(2020, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            bundle.writestr(entry, path.read_bytes())
    return archive.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """``python -m sitebuild.offline SITE_DIR ARCHIVE``: zip a built offline edition."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sitebuild.offline", description=main.__doc__)
    parser.add_argument("site_dir", type=Path, help="the built offline edition (site-offline)")
    parser.add_argument("archive", type=Path,
                        help="the archive to write (dist/mlp-edu-offline.zip)")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        parser.error(f"site_dir: no index.html in {args.site_dir}; build it first (make offline)")
    size = write_archive(args.site_dir, args.archive)
    print(f"{args.archive}: {size / 1e6:.1f} MB, unpacks to {ARCHIVE_FOLDER}/index.html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
