"""The claims list: every number the site states, and what proves it.

``tests/claims/*.toml`` lists the site's factual and quantitative statements,
one file per page (both languages) and one for the notebooks and one for the
figures' alt texts and captions. Each ``[[claim]]`` quotes the statement as
the page writes it and names its proof::

    [[claim]]
    en = "a hidden layer of 5 units"      # verbatim, line breaks as spaces
    zh = "一个含 5 个单元…的隐藏层"         # the Chinese page's wording
    doctest = "MLP(4, 5, 3)"              # where a doctest on the page shows it

A claim in ``notebooks.toml`` names its ``notebook`` (``"mlp"``), one in
``figures.toml`` its ``figure`` (``"relu"``). A proof is one or more of:

- ``doctest``: text of a ``>>>`` example on the same page (``"PAGE.md: text"``
  for another page's); the example, its statement and the output it expects,
  is the proof;
- ``test``: ``"tests/file.py::name"``, a test that exists;
- ``value``: the name of a ``[[value NAME]]`` marker in the quote, a number
  computed by ``mlp_edu`` at build time (``sitebuild/values.py``);
- ``code`` (notebooks): text of one of the notebook's code cells;
- ``output`` (notebooks): text the notebook prints when it runs, which
  ``tests/site/test_notebooks.py`` checks on every run;
- ``cite``: the source (authors, year, title; or repository and file);
- ``definition``: a choice this site or the chapter makes, and where;
- ``derivation``: the argument the page itself gives.

Every number a quote states outside formulas must appear in its proof (the
doctest example, the named test's source, or the text of the other proofs),
so a typed number cannot drift from what proves it.

:func:`check` finds what is wrong with the list: a number on a page that no
claim covers, a quote no longer on its page, a proof that does not exist, a
number of a claim that its proof does not show. What counts as a number:
every digit sequence of the text as the reader sees it, math included,
except in code (fences and ``inline``), link targets, attribute lists, page
markers, an ordered list's item numbers, and four kinds the check verifies
itself: a heading's section number, an exercise's own number, a section
number that is the text of a link to that section, and in a notebook, "section
1.2" naming a section of this site.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild.translations import FRONT_MATTER

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CLAIMS = ROOT / "tests" / "claims"
PROOFS = ("doctest", "test", "value", "code", "output", "cite", "definition", "derivation")

# A digit sequence not glued to a name (d2l, float64, x_4, W_1 are names); 1e-19 is one.
NUMBER = re.compile(r"(?<![A-Za-z_\\\d.])\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?")
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>```|~~~).*?^(?P=indent)(?P=mark)[ \t]*$",
                   re.MULTILINE | re.DOTALL)
PYCON = re.compile(r"^(?P<indent>[ \t]*)```pycon[^\n]*\n(?P<body>.*?)^(?P=indent)```",
                   re.MULTILINE | re.DOTALL)
# $$display$$ and $inline$ math; inline math may wrap lines but not cross a paragraph.
MATH = re.compile(r"\$\$.*?\$\$|\$(?:(?!\n[ \t]*\n)[^$])+\$", re.DOTALL)
# Numbers as a proof shows them: the same, compared by value too (8.7e-01 is 0.87).
SHOWN = NUMBER
# Not text a reader reads as a statement: code, link targets, {: attributes },
# [[page markers]], HTML comments, the snippet lines and quoted figure alt text.
HIDDEN = [
    re.compile(r"``[^`\n]+``|`[^`\n]+`"),
    re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)"),
    re.compile(r"\{[^{}\n]*[#.=][^{}\n]*\}"),
    re.compile(r"\[\[[^\]\n]*\]\]"),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"^.*--8<--.*$", re.MULTILINE),
    re.compile(r"^[ \t]*\d+\.(?=[ \t])", re.MULTILINE),  # an ordered list's item marker
    FRONT_MATTER,  # a translation's record of its English source
]
HEADING = re.compile(r"^#{1,6} (?P<number>\d+(?:\.\d+)*) ", re.MULTILINE)
EXERCISE = re.compile(r"^\*\*(?:Exercise|练习) (?P<number>\d+)\.", re.MULTILINE)
# A link whose text starts with a section number: [1.3](mlp.md), [1.2.3 节](activations.md#tanh)
# A notebook (it also runs away from the site) names this site's sections without a link:
# "section 1.2"; "the book's section 3.9" or "d2l-en's section 5.1" is another book's.
NOTEBOOK_SECTION = re.compile(r"(?<!'s )\b[Ss]ection (?P<number>\d+\.\d+(?:\.\d+)?)\b")
# In Chinese, this site's section is "第 1.2 节"; another book's has no 第: "原书 3.9 节".
NOTEBOOK_SECTION_ZH = re.compile(r"第 ?(?P<number>\d+\.\d+(?:\.\d+)?) ?节")
SECTION_LINK = re.compile(r"\[(?:[Ss]ection |第 ?)?(?P<number>\d+\.\d+(?:\.\d+)?)"
                          r"(?=[\s\]])[^\]]*\]\((?P<target>[^)#\s]*)(?:#(?P<anchor>[\w-]+))?\)")


@dataclass
class Text:
    """A text readers see (a page, a notebook's prose, a figure's words) and its numbers."""

    name: str  # e.g. "docs/mlp.zh.md", "docs/notebooks/mlp.py", "figure relu (zh)"
    text: str
    numbers: list[tuple[int, int]] = field(default_factory=list)  # spans of counted numbers
    problems: list[str] = field(default_factory=list)
    code: str = ""  # a notebook's code cells


@dataclass
class Claim:
    file: str  # the claims file it came from, for messages
    index: int
    quotes: dict[str, list[str]]  # "en"/"zh" -> quotes
    proofs: dict[str, list[str]]
    targets: dict[str, str]  # "en"/"zh" -> the name of the text it speaks of
    problems: list[str] = field(default_factory=list)

    def label(self) -> str:
        first = next((q for qs in self.quotes.values() for q in qs), "?")
        return f"{self.file} claim {self.index} ({first[:50]!r})"


# ---- what a page states ---------------------------------------------------------------

def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def page_titles() -> dict[str, str]:
    """``{"mlp.md": "1.3", ...}``: each page's section number, from its first heading."""
    numbers = {}
    for page in sorted(DOCS.glob("*.md")):
        text = FRONT_MATTER.sub("", page.read_text(encoding="utf-8"))
        match = HEADING.search(text.split("\n", 1)[0] + "\n")
        if match:
            numbers[page.name.replace(".zh.md", ".md")] = match["number"]
    return numbers


def heading_ids(page: Path) -> dict[str, str]:
    """``{anchor: section number}`` of the numbered headings with an id on ``page``."""
    found = {}
    for line in page.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^#{1,6} (\d+(?:\.\d+)*) .*\{[^}]*#([\w-]+)[^}]*\}\s*$", line)
        if match:
            found[match[2]] = match[1]
    return found


def markdown_text(name: str, text: str) -> Text:
    """The counted numbers of a Markdown page, and what is wrong with its own numbering."""
    page = Text(name, text)
    hidden = _spans(FENCE, text)
    for pattern in HIDDEN:
        hidden += _spans(pattern, text)
    titles = page_titles()
    # A page's own section number; a notebook's is its section page's.
    own = titles.get(Path(name).name.replace(".zh.md", ".md").replace(".zh.toml", ".md")
                     .replace(".py", ".md"))
    for match in HEADING.finditer(text):  # a heading's number: the page's, or below it
        number = match["number"]
        if own is None or not (number == own or number.startswith(own + ".")):
            page.problems.append(f"{name}: heading number {number} is not in section {own}")
        hidden.append(match.span("number"))
    expected = 1
    for match in EXERCISE.finditer(text):  # exercises numbered 1, 2, 3, ...
        if int(match["number"]) != expected:
            page.problems.append(f"{name}: exercise {match['number']} should be {expected}")
        expected = int(match["number"]) + 1
        hidden.append(match.span("number"))
    for match in SECTION_LINK.finditer(text):  # [1.3](mlp.md): the link must lead there
        number, target = match["number"], match["target"] or Path(name).name
        target_page = target.removeprefix("notebooks/").replace(".py", ".md")
        target_page = target_page.replace(".zh.md", ".md")
        section = titles.get(target_page)
        anchor = heading_ids(DOCS / target_page).get(match["anchor"] or "")
        if number not in (section, anchor):
            page.problems.append(f"{name}: the link text {number} leads to {target}"
                                 f"{'#' + match['anchor'] if match['anchor'] else ''}, "
                                 f"which is section {anchor or section}")
        hidden.append(match.span("number"))
    if name.startswith("docs/notebooks/"):
        sections = site_sections()
        for match in [*NOTEBOOK_SECTION.finditer(text), *NOTEBOOK_SECTION_ZH.finditer(text)]:
            if match["number"] not in sections:
                page.problems.append(f"{name}: this site has no section {match['number']}")
            hidden.append(match.span("number"))
    page.numbers = [span for span in _spans(NUMBER, text) if not _inside(span[0], hidden)]
    return page


def site_sections() -> set[str]:
    """Every section number of this site: each page's, and each numbered heading's."""
    return set(page_titles().values()) | {
        number for page in DOCS.glob("*.md") for number in heading_ids(page).values()}


def notebook_texts(path: Path, lang: str = "en") -> list[Text]:
    """A notebook's prose: its Markdown cells, and the alt text on its cell headers.

    In Chinese (``lang="zh"``) the notebook is the one made from its translation,
    ``docs/notebooks/NAME.zh.toml``, and its texts are named after that file.
    """
    from sitebuild.notebooks import translated_source, translation_file

    if lang == "en":
        source = path.read_text(encoding="utf-8")
    else:
        source = translated_source(path, lang)
        path = translation_file(path, lang)
    cells, code, alts, current, kind = [], [], [], [], None
    for line in source.splitlines():
        if line.startswith("# %%"):
            if kind == "markdown":
                cells.append("\n".join(current))
            kind = "markdown" if "[markdown]" in line else "code"
            current = []
            alt = re.search(r'alt="([^"]*)"', line)
            if alt:
                alts.append(alt[1])
        elif kind == "markdown":
            current.append(line[2:] if line.startswith("# ") else line.lstrip("#"))
        elif kind == "code":
            code.append(line)
    if kind == "markdown":
        cells.append("\n".join(current))
    name = path.relative_to(ROOT).as_posix()
    text = markdown_text(name, "\n\n".join(cells))
    text.code = "\n".join(code)
    alt_text = Text(f"{name} (alt text)", "\n".join(alts))
    alt_text.numbers = _spans(NUMBER, alt_text.text)
    return [text, alt_text]


def figure_texts() -> list[Text]:
    """Every figure's alt text and caption, in each language, as one text a figure."""
    from sitebuild.figures import REGISTRY

    texts = []
    for name, spec in sorted(REGISTRY.items()):
        for lang in ("en", "zh"):
            words = spec.text(lang)
            text = Text(f"figure {name} ({lang})", f"{words.alt}\n{words.caption}")
            text.numbers = _spans(NUMBER, text.text)
            texts.append(text)
    return texts


def site_texts() -> dict[str, Text]:
    """Every text of the site whose numbers the claims list must cover, by name."""
    texts = {}
    for page in sorted(DOCS.glob("*.md")):
        name = page.relative_to(ROOT).as_posix()
        texts[name] = markdown_text(name, page.read_text(encoding="utf-8"))
    for notebook in sorted((DOCS / "notebooks").glob("*.py")):
        for text in [*notebook_texts(notebook), *notebook_texts(notebook, "zh")]:
            texts[text.name] = text
    for text in figure_texts():
        texts[text.name] = text
    return texts


# ---- the claims -----------------------------------------------------------------------

def load_claims(folder: Path = CLAIMS) -> list[Claim]:
    """Every claim of ``folder/*.toml``, with the texts it speaks of."""
    claims = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for index, raw in enumerate(data.get("claim", []), start=1):
            quotes = {lang: raw[lang] if isinstance(raw[lang], list) else [raw[lang]]
                      for lang in ("en", "zh") if lang in raw}
            proofs = {key: raw[key] if isinstance(raw[key], list) else [raw[key]]
                      for key in PROOFS if key in raw}
            claim = Claim(path.name, index, quotes, proofs, _targets(path.stem, raw))
            unknown = set(raw) - {"en", "zh", "figure", "notebook", *PROOFS}
            if unknown:
                claim.problems.append(f"{claim.label()}: unknown keys {sorted(unknown)}")
            claims.append(claim)
    return claims


def _targets(stem: str, raw: dict) -> dict[str, str]:
    """The texts a claim speaks of: ``{"en": text name, "zh": text name}``.

    ``tests/claims/NAME.toml`` speaks of ``docs/NAME.md`` and ``docs/NAME.zh.md``;
    in ``notebooks.toml`` a claim names its ``notebook``, in ``figures.toml`` its
    ``figure``.
    """
    if "notebook" in raw:  # the English notebook, and the translation its Chinese is made from
        return {"en": f"docs/notebooks/{raw['notebook']}.py",
                "zh": f"docs/notebooks/{raw['notebook']}.zh.toml"}
    if "figure" in raw:
        return {"en": f"figure {raw['figure']} (en)", "zh": f"figure {raw['figure']} (zh)"}
    return {"en": f"docs/{stem}.md", "zh": f"docs/{stem}.zh.md"}


def _quote_pattern(quote: str) -> re.Pattern:
    parts = [re.escape(part) for part in quote.split()]
    return re.compile(r"\s+".join(parts))


def _texts_for(target: str, texts: dict[str, Text]) -> list[Text]:
    """A notebook is two texts: its prose and its alt text."""
    return [text for name, text in texts.items() if name in (target, f"{target} (alt text)")]


def _pycon_blocks(text: str) -> list[str]:
    return [m["body"] for m in PYCON.finditer(text)]


def _examples(block: str) -> list[str]:
    """The examples of a ``>>>`` block, each its source lines and the output it expects."""
    examples: list[list[str]] = []
    for line in block.splitlines():
        stripped = line.strip()
        if stripped.startswith(">>>") or not examples:
            examples.append([stripped])
        elif stripped:  # a "..." continuation or a line of output
            examples[-1].append(stripped)
    return ["\n".join(example) for example in examples]


def check(folder: Path = CLAIMS, texts: dict[str, Text] | None = None) -> list[str]:
    """Everything wrong with the claims list and the site's numbers; empty when all is well."""
    texts = site_texts() if texts is None else texts
    problems = [problem for text in texts.values() for problem in text.problems]
    covered: dict[str, list[tuple[int, int]]] = {name: [] for name in texts}
    for claim in load_claims(folder):
        problems += claim.problems + _check_claim(claim, texts, covered)
    for name, text in texts.items():
        for start, end in text.numbers:
            if not _inside(start, covered[name]):
                line = text.text.count("\n", 0, start) + 1
                context = text.text[max(0, start - 50):end + 30].replace("\n", " ")
                problems.append(f"{name}:{line}: the number {text.text[start:end]} is "
                                f"covered by no claim: ...{context}...")
    return problems


def _check_claim(claim: Claim, texts: dict[str, Text],
                 covered: dict[str, list[tuple[int, int]]]) -> list[str]:
    problems = []
    where = claim.targets
    if not claim.quotes:
        problems.append(f"{claim.label()}: quotes nothing (give en and/or zh)")
    if not claim.proofs:
        problems.append(f"{claim.label()}: names no proof ({', '.join(PROOFS)})")
    for key, values in claim.proofs.items():
        if any(not str(v).strip() for v in values):
            problems.append(f"{claim.label()}: an empty {key}")
    evidence = " ".join(str(v) for key, values in claim.proofs.items() if key != "doctest"
                        for v in values)
    evidence += " ".join(_test_source(reference) for reference in claim.proofs.get("test", []))
    for lang, quotes in claim.quotes.items():
        if lang not in where:
            problems.append(f"{claim.label()}: this file has no {lang} text")
            continue
        candidates = _texts_for(where[lang], texts)
        page_blocks = [b for t in candidates for b in _pycon_blocks(t.text)]
        shown = evidence
        for reference in claim.proofs.get("doctest", []):
            blocks = _doctest_blocks(reference, page_blocks, texts, lang)
            if not blocks:
                problems.append(f"{claim.label()}: no doctest on {where[lang]} (or the page "
                                f"named) contains {reference!r}")
            shown += " " + " ".join(blocks)
        for quote in quotes:
            pattern = _quote_pattern(quote)
            matches = [(text, m.span()) for text in candidates for m in pattern.finditer(text.text)]
            if not matches:
                problems.append(f"{claim.label()}: {where[lang]} no longer says {quote!r}")
                continue
            for text, (start, end) in matches:
                covered[text.name].append(_widen_to_math(text.text, start, end))
            for value in claim.proofs.get("value", []):
                if f"[[value {value}]]" not in quote:
                    problems.append(f"{claim.label()}: the quote has no [[value {value}]]")
            text, (start, end) = matches[0]
            problems += _numbers_shown(claim, text, start, end, shown)
    for reference in claim.proofs.get("test", []):
        problems += _test_exists(claim, reference)
    for key in ("code", "output"):
        if key in claim.proofs and not where["en"].startswith("docs/notebooks/"):
            problems.append(f"{claim.label()}: a {key} proof is for a notebook's claim")
    notebook = texts.get(where["en"])
    for snippet in claim.proofs.get("code", []):
        if notebook is not None and snippet not in notebook.code:
            problems.append(f"{claim.label()}: no code cell of {where['en']} contains {snippet!r}")
    return problems


def notebook_outputs() -> dict[str, list[str]]:
    """``{notebook name: [text it must print]}``: the ``output`` proofs of the claims list.

    ``tests/site/test_notebooks.py`` runs every notebook and checks each of them.
    """
    wanted: dict[str, list[str]] = {}
    for claim in load_claims():
        for output in claim.proofs.get("output", []):
            wanted.setdefault(Path(claim.targets["en"]).stem, []).append(output)
    return wanted


def _widen_to_math(text: str, start: int, end: int) -> tuple[int, int]:
    """A quote that reaches into a formula covers the whole formula."""
    for match in MATH.finditer(text):
        if match.start() < end and start < match.end():
            start, end = min(start, match.start()), max(end, match.end())
    return start, end


def _doctest_blocks(reference: str, page_blocks: list[str], texts: dict[str, Text],
                    lang: str) -> list[str]:
    """The doctest examples a ``doctest`` proof points at: on this page, or ``"PAGE.md: text"``.

    An example is one ``>>>`` statement (with its ``...`` lines) and the output it
    expects; the proof shows what the examples containing its text show.
    """
    blocks = page_blocks
    other = re.match(r"^(?P<page>[\w-]+\.md): (?P<text>.*)$", reference, re.DOTALL)
    if other:
        page = f"docs/{other['page']}"
        if lang == "zh" and page.replace(".md", ".zh.md") in texts:
            page = page.replace(".md", ".zh.md")
        blocks = _pycon_blocks(texts[page].text) if page in texts else []
        reference = other["text"]
    return [example for block in blocks for example in _examples(block) if reference in example]


def _value(number: str) -> float | None:
    try:
        return float(number.replace(",", ""))
    except ValueError:  # 1.1.3, a section
        return None


def _numbers_shown(claim: Claim, text: Text, start: int, end: int, shown: str) -> list[str]:
    """Each number the quote states outside formulas must appear in its proof.

    The quote's numbers are the counted numbers of ``text[start:end]`` that are
    not in a formula. They match the proof's as written or by value (1 and 1.0,
    203,530 and 203530).
    """
    formulas = _spans(MATH, text.text)
    stated = [text.text[a:b] for a, b in text.numbers
              if start <= a < end and not _inside(a, formulas)]
    found = SHOWN.findall(shown)
    known = set(found) | {_value(n) for n in found} - {None}
    missing = [n for n in stated
               if n not in known and (_value(n) is None or _value(n) not in known)]
    if missing:
        return [f"{claim.label()}: its proof does not show {', '.join(dict.fromkeys(missing))}"]
    return []


def _test_source(reference: str) -> str:
    """The source of the test ``"tests/file.py::name"`` (empty if there is none)."""
    path, _, name = reference.partition("::")
    file = ROOT / path
    if not file.is_file():
        return ""
    source = file.read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == name.split("[")[0]:
            return ast.get_source_segment(source, node) or ""
    return ""


def _test_exists(claim: Claim, reference: str) -> list[str]:
    path, _, name = reference.partition("::")
    file = ROOT / path
    if not file.is_file():
        return [f"{claim.label()}: no file {path}"]
    names = {node.name for node in ast.walk(ast.parse(file.read_text(encoding="utf-8")))
             if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    if name.split("[")[0] not in names:
        return [f"{claim.label()}: {path} has no test {name}"]
    return []
