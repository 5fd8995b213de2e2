"""Each page links only those of the site's stylesheets that can style something on it.

The theme links every stylesheet of ``extra_css`` (and mkdocstrings') from every
page; the build drops each that can style nothing there (``hooks/mkdocs_hooks.py``,
``sitebuild.stylesheets.styles_anything``). That the pages look the same is proved
in a browser: tests/browser/test_page_stylesheets.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.site.test_exercises import _NavLoader

ROOT = Path(__file__).resolve().parents[2]


def site_stylesheets() -> list[str]:
    """The site's own stylesheets in the order the theme links them: mkdocstrings
    puts its one first (lower priority than the site's), then ``extra_css``."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_NavLoader)
    return ["assets/_mkdocstrings.css", *config["extra_css"]]


def linked(html: str) -> list[str]:
    head = html[:html.index("</head>")]
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', head)


def unlinked(built_site: Path, path: str) -> list[str]:
    """The site's stylesheets a built page does not link, as site paths."""
    html = (built_site / path / "index.html").read_text(encoding="utf-8")
    links = linked(html)
    return [sheet for sheet in site_stylesheets()
            if not any(link.endswith("/" + sheet) or link == sheet for link in links)]


def test_each_page_links_only_some_of_the_sites_stylesheets(built_site):
    dropped = {path: unlinked(built_site, path) for path in
               ["", "summary/", "mlp/", "glossary/", "activations/", "backprop/", "playground/",
                "notebooks/mlp/", "api/network/", "zh/summary/", "zh/activations/"]}
    assert "stylesheets/explorer.css" in dropped["summary/"]
    assert "stylesheets/explorer.css" not in dropped["activations/"]
    assert "stylesheets/stepthrough.css" not in dropped["backprop/"]
    assert "stylesheets/playground.css" not in dropped["playground/"]
    assert "stylesheets/notebooks.css" not in dropped["notebooks/mlp/"]
    assert "assets/_mkdocstrings.css" not in dropped["api/network/"]
    assert "assets/_mkdocstrings.css" in dropped["mlp/"]
    for path, sheets in dropped.items():  # the site's own rules reach every page
        assert not {"stylesheets/extra.css", "stylesheets/a11y.css"} & set(sheets), path
    assert all(dropped.values()), dropped  # each of these drops one at least


def test_the_print_page_links_the_stylesheets_of_everything_it_prints(built_site):
    from tests.conftest import site_print_url
    printed = site_print_url(built_site).strip("/").split("/")[-1] + "/"
    dropped = unlinked(built_site, printed)
    assert dropped == ["assets/_mkdocstrings.css"], dropped  # every section, no reference


def test_the_themes_stylesheet_keeps_the_rules_of_every_tab_position_the_site_has(built_site):
    """And reads the tables the build wrapped as those Material's script wraps."""
    import hashlib

    from material import templates

    from sitebuild import stylesheets
    [served] = built_site.glob("assets/stylesheets/main.*.min.css")
    whole = next((Path(templates.__file__).parent / "assets" / "stylesheets").glob(
        "main.*.min.css")).read_text(encoding="utf-8")
    tabs = max(stylesheets.tab_count(page.read_text(encoding="utf-8"))
               for page in built_site.rglob("*.html"))
    assert tabs >= 2  # the autograd page's tab set, at least
    css = served.read_text(encoding="utf-8")
    assert css == stylesheets.with_tables_wrapped_by_build(
        stylesheets.without_tab_positions(whole, tabs))
    assert served.name == f"main.{hashlib.sha256(css.encode()).hexdigest()[:8]}.min.css"
    positions = {int(n) for n in re.findall(r"\.tabbed-set\s*>\s*input:nth-child\((\d+)\)", css)}
    assert positions == set(range(2, tabs + 1)), positions  # the first is :first-child
    assert len(css) < len(whole) - 5_000  # what was cut
    for page in built_site.rglob("*.html"):  # every page links the one served
        html = page.read_text(encoding="utf-8")
        found = set(re.findall(r"assets/stylesheets/(main\.\w+\.min\.css)", html))
        assert found == {served.name}, (page, found)
