"""Compare two built sites: every page's visible text, and every figure's SVG bytes.

A refactoring that must leave the site as it was is checked by building the
site before and after (``mkdocs build --site-dir ...``) and comparing::

    python -m benchmarks.compare_sites OLD_SITE NEW_SITE

Visible text: the text of <body> without <script>/<style>, whitespace collapsed,
per page, compared line by line (a line per block element). SVG: byte equality
of every file under figures/. Other assets: byte equality of the explorer's
JSON. Prints a summary and the differing lines.
"""

from __future__ import annotations

import difflib
import html.parser
import re
import sys
from pathlib import Path

BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figcaption",
         "summary", "details", "section", "table", "dt", "dd", "br", "blockquote", "header",
         "footer", "nav", "ul", "ol", "code"}


class Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCK:
            self.parts.append("\n")
        if tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f"[img alt={alt}]")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_body and not self.skip:
            self.parts.append(data)


def visible_lines(path: Path) -> list[str]:
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    text = "".join(parser.parts)
    return [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")
            if line.strip()]


def main(old: Path, new: Path) -> int:
    pages_old = {p.relative_to(old) for p in old.rglob("*.html")}
    pages_new = {p.relative_to(new) for p in new.rglob("*.html")}
    print(f"pages: {len(pages_old)} before, {len(pages_new)} after")
    for missing in sorted(pages_old - pages_new):
        print(f"  only before: {missing}")
    for added in sorted(pages_new - pages_old):
        print(f"  only after: {added}")
    same_text = 0
    for page in sorted(pages_old & pages_new):
        a, b = visible_lines(old / page), visible_lines(new / page)
        if a == b:
            same_text += 1
            continue
        print(f"\n=== {page}: visible text differs")
        for line in difflib.unified_diff(a, b, lineterm="", n=0):
            if not line.startswith(("---", "+++")):
                print("   ", line[:220])
    print(f"\npages with identical visible text: {same_text} of {len(pages_old & pages_new)}")
    svgs_old = {p.relative_to(old): p.read_bytes() for p in (old / "figures").rglob("*.svg")}
    svgs_new = {p.relative_to(new): p.read_bytes() for p in (new / "figures").rglob("*.svg")}
    differ = [p for p in svgs_old if p in svgs_new and svgs_old[p] != svgs_new[p]]
    print(f"figure SVGs: {len(svgs_old)} before, {len(svgs_new)} after, "
          f"{len(svgs_old) - len(differ) - len(set(svgs_old) - set(svgs_new))} byte-identical")
    for p in sorted(differ):
        print(f"  differs: {p}")
    for p in sorted(set(svgs_old) ^ set(svgs_new)):
        print(f"  only in one: {p}")
    for asset in ["assets/explorer.json", "search/search_index.json",
                  "zh/search/search_index.json"]:
        same = (old / asset).read_bytes() == (new / asset).read_bytes()
        print(f"{asset}: {'identical' if same else 'DIFFERS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
