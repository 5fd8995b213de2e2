"""Material's script without the whole-page restyles it causes as every page opens,
and without the sitemaps it fetches more than once.

Traced on a phone profile (Lighthouse mobile, 4x CPU), Material's bundle spends most
of its first run restyling every element of the page again, three times over, for
nothing a reader sees:

1. Its palette component adds ``<meta name="color-scheme">`` to ``<head>`` and then
   sets its content to the header's computed ``color-scheme``. Chromium restyles the
   whole page for each (a "PlatformColorChange"), even when nothing changes.
2. It sets ``data-md-color-switching`` on ``<body>`` while it applies the palette, so
   that its rule ``[data-md-color-switching] *{transition-duration:0s!important}``
   keeps colours from fading during a switch: every element restyled as the page
   opens, though the colours it applies are those the page already has.
3. Instant navigation makes every relative URL of the page absolute (``a.href =
   a.href``), so that it can compare the ``<head>`` of the next page with this one's.
   For a ``<link rel="stylesheet">`` that means loading the stylesheet again: the
   whole page restyled and laid out again.

And it fetches sitemaps: one for each language named in ``<head>`` (the language
selector looks the page up in them) and the site's own, for instant navigation, which
is one of those: a page opened fetches its language's sitemap twice, and instant
navigation can ask for them again (Material's check for a sitemap already fetched
compares a URL with a final slash to one without). In a browser: an English page
and two pages on by instant navigation, five sitemaps for two.

:func:`quiet_bundle` changes the bundle so that none of this happens: the palette
takes the ``color-scheme`` meta the page already has (:func:`color_scheme_script`
writes it, before anything is drawn) and writes it only when its value changes; it
marks a switch only when a colour changes; a stylesheet link keeps its URL and is
compared by its absolute URL, kept in ``data-mlp-href``; an XML document is fetched
once a visit. A click on the palette toggle, an instant navigation, the language
selector, a reader with a stored or a dark palette: each does what it did. Each
change finds Material's code exactly once or raises (has Material changed?).
"""

from __future__ import annotations

import json
import re

__all__ = ["ABSOLUTE_HREF", "color_scheme_script", "color_schemes", "with_color_scheme_script",
           "quiet_bundle"]

# Where a stylesheet link's absolute URL is kept (instead of its href, see 3 above).
ABSOLUTE_HREF = "data-mlp-href"

# (what it is, Material's code, ours). The minified names differ from build to build of
# Material, so each pattern names them by position; \1... are put back as they were.
_CHANGES = [
    ("the palette takes the color-scheme meta the page has",
     r'let (\w+)=(\w+)\("meta",\{name:"color-scheme"\}\);document\.head\.appendChild\(\1\);',
     r'let \1=document.head.querySelector("meta[name=color-scheme]")'
     r'||document.head.appendChild(\2("meta",{name:"color-scheme"}));'),
    ("the palette writes color-scheme only when it changes",
     r'(\w+)\.content=(\w+)\.colorScheme,',
     r'\1.content!==\2.colorScheme&&(\1.content=\2.colorScheme),'),
    # Automatic palettes ("(prefers-color-scheme)") are resolved after the mark is set:
    # those are marked as Material marks them.
    ("the palette marks a switch only when a colour changes",
     r'(\w+)\.subscribe\((\w+)=>\{if\(document\.body\.setAttribute\("data-md-color-switching",""\),',
     r'\1.subscribe(\2=>{if((\2.color.media==="(prefers-color-scheme)"'
     r'||Object.entries(\2.color).some(([k,v])=>k!=="media"'
     r'&&document.body.getAttribute("data-md-color-"+k)!==v))'
     r'&&document.body.setAttribute("data-md-color-switching",""),'),
    ("a stylesheet link keeps its URL, its absolute URL beside it",
     r'(\w+)\[(\w+)\]=\1\[\2\];break',
     r'\1.matches("link[rel=stylesheet]")?\1.setAttribute("' + ABSOLUTE_HREF + r'",\1.href)'
     r':\1[\2]=\1[\2];break'),
    ("the next page's stylesheet links are compared by their absolute URL",
     r'for\(let (\w+) of (\w+)\(":scope > \*",(\w+)\.head\)\)(\w+)\.set\(\1\.outerHTML,\1\)',
     r'for(let \1 of \2(":scope > *",\3.head))\4.set(\1.getAttribute("' + ABSOLUTE_HREF
     + r'")||\1.outerHTML,\1)'),
    # Material asks for XML only for sitemaps. A failed request is not kept: the
    # shareReplay that ends it (\6(1)) lets the next reader of it ask again.
    ("an XML document is fetched once a visit",
     r'function (\w+)\((\w+),(\w+)\)\{let (\w+)=new DOMParser;return (\w+\(\2,\3\)\.pipe\('
     r'\w+\(\w+=>\w+\.text\(\)\),\w+\(\w+=>\4\.parseFromString\(\w+,"text/xml"\)\)),(\w+)\(1\)\)\}',
     r'function \1(\2,\3){let \4=new DOMParser,mlpKey=String(\2),'
     r'mlpFetched=\1.mlpFetched=\1.mlpFetched||new Map;'
     r'if(\3===void 0&&mlpFetched.has(mlpKey))return mlpFetched.get(mlpKey);'
     r'let mlpXml=\5,\6(1));return \3===void 0&&mlpFetched.set(mlpKey,mlpXml),mlpXml}'),
]


def quiet_bundle(bundle: str) -> str:
    """Material's bundle (``assets/javascripts/bundle.*.min.js``) changed as above.

    Its source map no longer maps it, so the link to the map goes.

    >>> quiet_bundle('let o=x("meta",{name:"color-scheme"});'
    ...                       'document.head.appendChild(o);')
    Traceback (most recent call last):
    ValueError: Material's bundle: the palette writes color-scheme only when it changes: ...
    """
    for what, pattern, replacement in _CHANGES:
        bundle, found = re.subn(pattern, replacement, bundle)
        if found != 1:
            raise ValueError(f"Material's bundle: {what}: found {found} times, not once "
                             "(has Material changed?)")
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", bundle)


def color_schemes(css: str) -> dict[str, str]:
    """Each palette scheme's CSS ``color-scheme``, from Material's stylesheets.

    >>> color_schemes("[data-md-color-scheme=default]{color-scheme:light;--x:1}"
    ...               "@media screen{[data-md-color-scheme=slate]{--y:2;color-scheme:dark}}")
    {'default': 'light', 'slate': 'dark'}
    """
    found = {}
    for scheme, block in re.findall(r'\[data-md-color-scheme="?([\w-]+)"?\]\{([^{}]*)\}', css):
        value = re.search(r"(?:^|;)color-scheme:([^;!]+)", block)
        if value:
            found[scheme] = value[1].strip()
    return found


def color_scheme_script(schemes: dict[str, str]) -> str:
    """A script for the top of ``<body>``: the ``color-scheme`` meta of the scheme
    ``<body>`` is drawn in, added before anything is drawn (added later, by
    Material's script, it restyles the whole page). What Material's palette then
    computes from the header is the same, so it leaves it be.

    >>> print(color_scheme_script({"default": "light"}).replace(";", ";\\n"))
    <script>!function(){var m=document.createElement("meta");
    m.name="color-scheme";
    m.content=({"default": "light"})[document.body.getAttribute("data-md-color-scheme")]||"normal";
    document.head.appendChild(m)}()</script>
    """
    return ('<script>!function(){var m=document.createElement("meta");m.name="color-scheme";'
            f"m.content=({json.dumps(schemes)})"
            '[document.body.getAttribute("data-md-color-scheme")]||"normal";'
            "document.head.appendChild(m)}()</script>")


# Material's script that gives <body> the palette a reader chose, in the header.
_PALETTE_SCRIPT = re.compile(r'<script>var palette=__md_get\("__palette"\);.*?</script>', re.S)


def with_color_scheme_script(page: str, script: str) -> str:
    """``page`` with ``script`` right after Material's palette script, which sets the
    scheme of ``<body>`` (a page without one is given none).

    >>> with_color_scheme_script('<body><script>var palette=__md_get("__palette");x</script><p>',
    ...                          '<script>y</script>')
    '<body><script>var palette=__md_get("__palette");x</script><script>y</script><p>'
    """
    return _PALETTE_SCRIPT.sub(lambda found: found[0] + script, page, count=1)
