"""Search, one language at a time.

mkdocs-static-i18n writes one search index for the whole site, so a reader
searching "sigmoid" got the English and the Chinese page mixed. Each language
gets its own index under its home instead, and each page tells Material's
scripts that its language's home is the "base" where
``search/search_index.json`` (and ``sitemap.xml``) live.

Material fetches the index (80-95 kB gzipped) as every page opens, though most
readers never search: :func:`index_on_demand` lets a page fetch it only once
the reader turns to the search box.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mlp_edu.i18n import DEFAULT, LANGUAGES
from sitebuild.i18n import site_prefix

__all__ = ["SEARCH_INDEX", "index_on_demand", "split_search_index", "with_language_base"]

SEARCH_INDEX = "search/search_index.json"
_CONFIG_BASE = re.compile(r'("base": )"[^"]*"')


def split_search_index(site_dir: Path) -> dict[str, int]:
    """Split the site's search index into one per language; return the entries of each.

    Entries under ``zh/`` go to ``zh/search/search_index.json`` with that prefix
    taken off their locations (which are relative to the index's home); the rest
    stay in the root index. Running it again changes nothing.

    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> (site / "search").mkdir()
    >>> docs = [{"location": "a/", "text": "A"}, {"location": "zh/a/#x", "text": "甲"}]
    >>> _ = (site / SEARCH_INDEX).write_text(json.dumps({"config": {}, "docs": docs}))
    >>> split_search_index(site)
    {'en': 1, 'zh': 1}
    >>> json.loads((site / "zh" / SEARCH_INDEX).read_text())["docs"]
    [{'location': 'a/#x', 'text': '甲'}]
    >>> split_search_index(site)
    {'en': 1, 'zh': 1}
    """
    root = Path(site_dir) / SEARCH_INDEX
    index = json.loads(root.read_text(encoding="utf-8"))
    by_language = {lang: [] for lang in LANGUAGES}
    for doc in index["docs"]:
        lang = next((code for code in LANGUAGES
                     if code != DEFAULT and doc["location"].startswith(site_prefix(code))),
                    DEFAULT)
        by_language[lang].append({**doc, "location": doc["location"]
                                  .removeprefix(site_prefix(lang))})
    for lang, docs in by_language.items():
        path = Path(site_dir) / site_prefix(lang) / SEARCH_INDEX
        if lang != DEFAULT and not docs and path.is_file():
            continue  # split already: this language's entries are in its own index
        if lang == DEFAULT or docs:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({**index, "docs": docs}, ensure_ascii=False,
                                       separators=(",", ":")), encoding="utf-8")
    return {lang: len(json.loads((Path(site_dir) / site_prefix(lang) / SEARCH_INDEX)
                                 .read_text(encoding="utf-8"))["docs"])
            for lang in LANGUAGES}


def with_language_base(page_html: str, home_url: str) -> str:
    """Point the "base" of Material's page configuration at the language's home.

    ``home_url`` is that home relative to the page (``".."`` from ``zh/mlp/``).

    >>> with_language_base('<script id="__config">{"base": "../..", "x": 1}</script>', "..")
    '<script id="__config">{"base": "..", "x": 1}</script>'
    """
    start = page_html.find('id="__config"')
    if start < 0:
        return page_html
    end = page_html.index("</script>", start)
    return (page_html[:start] + _CONFIG_BASE.sub(rf'\g<1>"{home_url}"', page_html[start:end],
                                                  count=1) + page_html[end:])


# Material asks for the index (an XMLHttpRequest) when its script starts; this holds
# that one request's send() back until the reader focuses the search box (a click, a
# tap on the search icon, or the s, f and / keys, which Material answers by focusing
# it). A page opened from a search result (?h=...) highlights the words found, so it
# asks at once.
_ON_DEMAND = """<script>(function () {
  var request = XMLHttpRequest.prototype, open = request.open, send = request.send;
  var wanted, asked = new Promise(function (resolve) { wanted = resolve; });
  if (/[?&]h=/.test(location.search)) wanted();
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) {
      wanted();
    }
  });
  document.addEventListener("change", function (event) {  // the search icon, on a phone
    if (event.target.id === "__search" && event.target.checked) wanted();
  });
  request.open = function (method, url) {
    this.mlpSearchIndex = /search\\/search_index\\.json$/.test(String(url));
    return open.apply(this, arguments);
  };
  request.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.mlpSearchIndex) return send.apply(xhr, args);
    asked.then(function () { if (xhr.readyState === 1) send.apply(xhr, args); });
  };
})();</script>"""


def index_on_demand(page_html: str) -> str:
    """Make the page fetch its search index only when the reader goes to search.

    A small script, first in ``<head>`` (before Material's own), holds back
    Material's request for ``search/search_index.json`` until the search box
    gets the focus; every other request goes through untouched.

    >>> page = index_on_demand('<head><meta charset="utf-8"><title>t</title></head>')
    >>> page.startswith('<head><meta charset="utf-8"><script>') and "search_index" in page
    True
    >>> index_on_demand("<p>no head</p>")
    '<p>no head</p>'
    """
    charset = re.search(r"<meta charset=[^>]*>", page_html)
    if charset is None:
        return page_html
    return page_html[:charset.end()] + _ON_DEMAND + page_html[charset.end():]
