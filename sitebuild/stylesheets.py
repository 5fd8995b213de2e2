"""Stylesheets cut down to the rules a set of pages can use.

mkdocs-jupyter's pages come with JupyterLab's whole stylesheet (about 590 kB,
90 kB gzipped): the styles of every JupyterLab panel, menu and dialog, of which
a notebook page uses a few hundred rules. Every rule costs the reader twice:
its bytes before the page can show, and the browser's time matching it against
the page's elements. :func:`prune` keeps each rule that could match an element
of at least one page, and drops the rest.

Could match: each class, id, element name and attribute name the rule's
selector asks for is somewhere in one of the pages. That is necessary for a
match, not sufficient, so a kept rule may still match nothing; a dropped rule
never matched. Only the pages' HTML counts, so this is for stylesheets whose
elements no script adds later (no script on the notebook pages adds JupyterLab's).
What a selector asks for only inside a function (``:not(.a)``,
``:is(.a, .b)``) is not counted, nor states a reader brings about (``:hover``),
so those rules are kept whenever the rest of their selector is satisfied.
At-rules that hold rules (``@media``, ``@supports``) and rules that hold rules
(CSS nesting: mkdocs-jupyter nests the whole of JupyterLab's stylesheet in
``.jupyter-wrapper { ... }``) are pruned inside and dropped once empty; the
other at-rules (``@font-face``, ``@keyframes``) are kept. Custom properties
(``--jp-layout-color1``) go when nothing kept reads them (:func:`used_variables`):
JupyterLab defines 560, a hundred of them icons as inline SVG.
"""

from __future__ import annotations

import functools
import html.parser
import re

import tinycss2

from sitebuild.slim import WRAPPED_CLASS

__all__ = ["names_in", "prune", "required_names", "styles_anything", "tab_count",
           "used_variables", "with_tables_wrapped_by_build", "without_links",
           "without_tab_positions"]

# At-rules whose block holds style rules (pruned inside); any other at-rule is kept.
_GROUPING_AT_RULES = {"media", "supports", "container", "layer", "scope"}


class _Names(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag.lower())
        for name, value in attrs:
            self.names.add("[" + name.lower())
            if name == "class" and value:
                self.names.update("." + cls for cls in value.split())
            elif name == "id" and value:
                self.names.add("#" + value)

    handle_startendtag = handle_starttag


def names_in(page: str) -> set[str]:
    """What a page's elements are called: ``tag``, ``.class``, ``#id``, ``[attribute``.

    >>> sorted(names_in('<div class="a b" id="c"><svg viewBox="0 0 1 1"></svg></div>'))
    ['#c', '.a', '.b', '[class', '[id', '[viewbox', 'div', 'svg']
    """
    parser = _Names()
    parser.feed(page)
    parser.close()
    return parser.names


def required_names(selector: list) -> set[str] | None:
    """The names (as :func:`names_in` writes them) an element path needs to match ``selector``.

    ``selector`` is one complex selector as tinycss2 tokens. None: a selector this
    function does not understand (a namespace), which is then kept whatever the page.

    >>> def needs(text):
    ...     found = required_names(tinycss2.parse_component_value_list(text))
    ...     return found if found is None else sorted(found)
    >>> needs("div.jp-Cell > .jp-InputArea:hover::before")
    ['.jp-Cell', '.jp-InputArea', 'div']
    >>> needs("#main [data-jp-theme-light='true'] a:not(.skip)")
    ['#main', '[data-jp-theme-light', 'a']
    >>> needs(":root"), needs("*")
    ([], [])
    >>> needs("svg|rect") is None
    True
    """
    needed: set[str] = set()
    tokens = [token for token in selector if token.type != "comment"]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.type == "literal" and token.value == "." and following is not None \
                and following.type == "ident":
            needed.add("." + following.value)
            index += 2
            continue
        if token.type == "literal" and token.value == ":":
            # a pseudo-class or pseudo-element (``::x`` is two colons): asks for no name
            index += 1
            while index < len(tokens) and tokens[index].type == "literal" \
                    and tokens[index].value == ":":
                index += 1
            index += 1  # its name, or its function with everything inside
            continue
        if token.type == "hash":
            needed.add("#" + token.value)
        elif token.type == "[] block":
            name = next((part for part in token.content if part.type == "ident"), None)
            if name is None:
                return None
            needed.add("[" + name.lower_value)
        elif token.type == "ident":
            needed.add(token.lower_value)
        elif token.type == "whitespace" or (token.type == "literal"
                                            and token.value in (">", "+", "~", "*")):
            pass
        else:
            return None
        index += 1
    return needed


def _selectors(prelude: list) -> list[list]:
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _may_match(prelude: list, names: set[str]) -> bool:
    for selector in _selectors(prelude):
        needed = required_names(selector)
        if needed is None or needed <= names:
            return True
    return False


def _block(nodes: list, names: set[str], variables: set[str] | None) -> str:
    """The kept part of a stylesheet, a rule's contents or an at-rule's block, as text.

    ``variables``: the custom properties to keep (None: all).
    """
    kept = []
    for node in nodes:
        if node.type == "declaration":
            if variables is not None and node.name.startswith("--") \
                    and node.name not in variables:
                continue
            kept.append(f"{node.name}:{tinycss2.serialize(node.value).strip()}"
                        f"{' !important' if node.important else ''};")
        elif node.type == "qualified-rule":
            # A nested rule is only reached inside a kept one: asking for its own names is enough.
            if _may_match(node.prelude, names):
                inner = _block(_contents(node), names, variables)
                if inner:
                    kept.append(tinycss2.serialize(node.prelude).strip() + "{" + inner + "}")
        elif node.type == "at-rule":
            if node.lower_at_keyword in _GROUPING_AT_RULES and node.content is not None:
                inner = _block(_contents(node), names, variables)
                if inner:
                    kept.append("@" + node.at_keyword + tinycss2.serialize(node.prelude).rstrip()
                                + "{" + inner + "}")
            elif node.lower_at_keyword != "charset":  # only valid first in a file: ignored here
                kept.append(tinycss2.serialize([node]).strip())
        elif node.type == "error":
            raise ValueError(f"stylesheet line {node.source_line}: {node.message}")
    return "\n".join(kept)


def _contents(rule) -> list:
    # A block holds declarations, nested rules and at-rules (CSS nesting), in any order.
    return tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)


def prune(css: str, pages: list[str], also_read: str = "") -> str:
    """``css`` without the rules that can match no element of any of ``pages`` (HTML),
    and without the custom properties nothing reads (:func:`used_variables`;
    ``also_read``: other text that may read them, such as the site's own stylesheets).

    >>> css = '''
    ... @charset "UTF-8";
    ... :root { --gap: 4px }
    ... .jp-Cell { margin: var(--gap) }
    ... .jp-Dialog, .jp-Menu { display: none }
    ... .jp-Dialog > p, .jp-Cell p:hover { color: red }
    ... @media print { .jp-Toolbar { display: none } .jp-Cell { margin: 0 } }
    ... @media (min-width: 9px) { .jp-Toolbar { display: none } }
    ... @keyframes spin { to { transform: rotate(1turn) } }
    ... .jupyter-wrapper { --size: 2px; .jp-Cell { b: 1 } .jp-Menu { b: 2 } }
    ... .jupyter-wrapper { .jp-Menu { b: 2 } }
    ... '''
    >>> print(prune(css, ['<div class="jupyter-wrapper jp-Cell"><p>x</p></div>']))  # no --size
    :root{--gap:4px;}
    .jp-Cell{margin:var(--gap);}
    .jp-Dialog > p, .jp-Cell p:hover{color:red;}
    @media print{.jp-Cell{margin:0;}}
    @keyframes spin { to { transform: rotate(1turn) } }
    .jupyter-wrapper{.jp-Cell{b:1;}}
    <BLANKLINE>
    """
    names: set[str] = set()
    for page in pages:
        names |= names_in(page)
    return _pruned(css, names, "\n".join([*pages, also_read])) + "\n"


def _pruned(css: str, names: set[str], also_read: str) -> str:
    rules = _parsed(css)
    variables = used_variables(_block(rules, names, None), also_read)
    return _block(rules, names, variables)


@functools.lru_cache(maxsize=32)  # each of the site's stylesheets, judged against every page
def _parsed(css: str) -> list:
    return tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)


def styles_anything(css: str, names: set[str], also_read: str = "") -> bool:
    """Whether ``css`` can style an element with these ``names`` (:func:`names_in`).

    True when a rule with a declaration survives :func:`prune`: one that could match,
    setting a property or a custom property that something reads (the same rules,
    ``also_read``: the page and the other stylesheets it links). ``@font-face`` and
    ``@keyframes`` alone style nothing: a kept rule has to ask for them.

    >>> css = ":root{--badge: red} .doc-badge{color: var(--badge)} @font-face{font-family: K}"
    >>> styles_anything(css, names_in('<p class="doc-badge">x</p>'))
    True
    >>> styles_anything(css, names_in('<p class="intro">x</p>'))  # --badge: read by nothing
    False
    >>> styles_anything(css, names_in('<p class="intro">x</p>'), also_read="a{color: var(--badge)}")
    True
    """
    kept = tinycss2.parse_stylesheet(_pruned(css, names, also_read), skip_comments=True,
                                     skip_whitespace=True)

    def any_rule(nodes) -> bool:
        return any(node.type == "qualified-rule" or (
            node.type == "at-rule" and node.lower_at_keyword in _GROUPING_AT_RULES
            and node.content is not None and any_rule(_contents(node))) for node in nodes)

    return any_rule(kept)


_HEAD = re.compile(r"<head>.*?</head>", re.DOTALL)
_STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">\n?')


def without_links(page: str, unneeded) -> str:
    """``page`` without the stylesheet links in its ``<head>`` for which ``unneeded(href)``.

    >>> page = ('<head><link rel="stylesheet" href="a.css"><link rel="stylesheet" '
    ...         'href="b.css"></head><body><link rel="stylesheet" href="a.css"></body>')
    >>> print(without_links(page, lambda href: href == "a.css"))  # the body's: content
    ... # doctest: +NORMALIZE_WHITESPACE
    <head><link rel="stylesheet" href="b.css"></head><body><link
    rel="stylesheet" href="a.css"></body>
    """
    head = _HEAD.search(page)
    if head is None:
        return page
    kept = _STYLESHEET_LINK.sub(lambda link: "" if unneeded(link[1]) else link[0], head[0])
    return page[:head.start()] + kept + page[head.end():]


_DEFINITION = re.compile(r"(?:^|[{;])\s*(--[\w-]+)\s*:([^;{}]*)")
_REFERENCE = re.compile(r"var\(\s*(--[\w-]+)")


def used_variables(css: str, also_read: str = "") -> set[str]:
    """The custom properties that ``css`` or ``also_read`` use, and those they use in turn.

    A custom property defined in ``css`` is used when a property other than a custom
    one reads it (``var(--x)``), when ``also_read`` does (the pages' inline styles, the
    site's other stylesheets), or when the value of a used custom property does.

    >>> css = ":root{--a: red; --b: var(--a); --c: blue; --d: var(--c)} p{color: var(--b)}"
    >>> sorted(used_variables(css))
    ['--a', '--b']
    >>> sorted(used_variables(css, '<p style="color: var(--d)">'))
    ['--a', '--b', '--c', '--d']
    """
    reads: dict[str, set[str]] = {}
    for match in _DEFINITION.finditer(css):
        reads.setdefault(match[1], set()).update(_REFERENCE.findall(match[2]))
    outside = _DEFINITION.sub(lambda match: match[0][:1], css)  # every non-custom declaration
    used: set[str] = set()
    waiting = set(_REFERENCE.findall(outside)) | set(_REFERENCE.findall(also_read))
    while waiting:
        name = waiting.pop()
        if name not in used:
            used.add(name)
            waiting |= reads.get(name, set())
    return used


_TAB_POSITION = re.compile(r"\.tabbed-set\s*>\s*input:nth-child\((\d+)\)")
_TAB_INPUTS = re.compile(
    r'<div class="tabbed-set[^"]*"[^>]*>((?:<input[^>]*>(?:<label[^>]*>.*?</label>)?\s*)*)',
    re.DOTALL)


def tab_count(page: str) -> int:
    """The most tabs a tab set of ``page`` has (pymdownx.tabbed: one ``<input>`` a tab).

    >>> tab_count('<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked '
    ...           'id="__tabbed_1_1" type="radio"><input id="__tabbed_1_2" type="radio">'
    ...           '<div class="tabbed-labels">')
    2
    >>> tab_count("<p>no tabs</p>")
    0
    """
    return max((len(re.findall(r"<input\b", inputs[1])) for inputs in _TAB_INPUTS.finditer(page)),
               default=0)


def without_tab_positions(css: str, tabs: int) -> str:
    """``css`` without its selectors for tab positions past ``tabs``.

    Material styles each position of a tab set's tabs, from the 1st to the 20th,
    with rules of the form ``.tabbed-set > input:nth-child(7):checked ~ ...``: eight
    kinds of rule for each position. A browser tries every one against every element
    of a page (their last part, ``:nth-child(7)``, names nothing to file them under),
    a sixth of a long page's style work. The tab sets' inputs are written by the
    build (pymdownx.tabbed), never by a script, so with at most ``tabs`` tabs in any
    set the selectors for later positions match nothing. A rule loses those of its
    selectors, and goes once it has none left; the rest of the text is unchanged.

    >>> css = (".a{color:red}.t>x,.tabbed-set>input:nth-child(3):checked~b{c:1}@media print{"
    ...        ".tabbed-set > input:nth-child(2)~b,.tabbed-set>input:nth-child(12)~b{c:2}}")
    >>> without_tab_positions(css, 2)
    '.a{color:red}.t>x{c:1}@media print{.tabbed-set > input:nth-child(2)~b{c:2}}'
    """
    def block(nodes) -> str:
        out = []
        for node in nodes:
            if node.type == "qualified-rule":
                selectors = [tinycss2.serialize(selector) for selector in _selectors(node.prelude)]
                kept = [text for text in selectors if all(
                    int(position) <= tabs for position in _TAB_POSITION.findall(text))]
                if len(kept) == len(selectors):
                    out.append(tinycss2.serialize([node]))
                elif kept:
                    out.append(",".join(kept) + "{" + tinycss2.serialize(node.content) + "}")
            elif node.type == "at-rule" and node.lower_at_keyword in _GROUPING_AT_RULES \
                    and node.content is not None:
                inner = block(tinycss2.parse_rule_list(node.content))
                if inner:
                    out.append("@" + node.at_keyword + tinycss2.serialize(node.prelude)
                               + "{" + inner + "}")
            else:
                out.append(tinycss2.serialize([node]))
        return "".join(out)

    return block(tinycss2.parse_stylesheet(css))


# How Material's stylesheet names the tables its script wraps (slim.wrap_tables).
_UNWRAPPED_TABLE = "table:not([class])"


def with_tables_wrapped_by_build(css: str) -> str:
    """Material's stylesheet with its rules for tables without a class also for ``mlp-wrapped``.

    ``table:is(:not([class]), .mlp-wrapped)`` weighs what ``table:not([class])`` weighs
    (one element, one attribute or class), so every rule wins and loses as before.

    >>> with_tables_wrapped_by_build(".md-typeset table:not([class]) th{min-width:5rem}")
    '.md-typeset table:is(:not([class]),.mlp-wrapped) th{min-width:5rem}'
    >>> with_tables_wrapped_by_build(".a{b:c}")
    Traceback (most recent call last):
    ValueError: no rule for tables without a class (table:not([class])): has Material changed?
    """
    if _UNWRAPPED_TABLE not in css:
        raise ValueError(f"no rule for tables without a class ({_UNWRAPPED_TABLE}): "
                         "has Material changed?")
    return css.replace(_UNWRAPPED_TABLE, f"table:is(:not([class]),.{WRAPPED_CLASS})")
