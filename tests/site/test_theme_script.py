"""The site serves Material's script changed not to restyle every page as it opens,
nor to fetch a sitemap twice.

``sitebuild.theme_script`` changes Material's bundle (the palette's ``color-scheme``
meta and switch mark, instant navigation's rewriting of stylesheet links, its XML
requests) and gives
each page the ``color-scheme`` meta before it is drawn. What a reader then sees and
does is proved in a browser: tests/browser/test_theme_script.py.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from sitebuild import theme_script


def installed_bundle() -> str:
    from material import templates

    [bundle] = (Path(templates.__file__).parent / "assets" / "javascripts").glob(
        "bundle.*.min.js")
    return bundle.read_text(encoding="utf-8")


def test_every_change_finds_materials_code_once():
    bundle = installed_bundle()
    changed = theme_script.quiet_bundle(bundle)
    assert "sourceMappingURL" not in changed  # the map no longer maps it
    assert changed.count(f'setAttribute("{theme_script.ABSOLUTE_HREF}"') == 1
    assert changed.count('querySelector("meta[name=color-scheme]")') == 1
    assert changed.count('document.body.setAttribute("data-md-color-switching","")') == 1
    assert changed.count("mlpFetched.has(mlpKey)") == 1


@pytest.mark.parametrize("what", [what for what, _, _ in theme_script._CHANGES])
def test_a_change_whose_code_material_no_longer_has_stops_the_build(what):
    pattern = next(pattern for name, pattern, _ in theme_script._CHANGES if name == what)
    bundle = installed_bundle()
    [found] = re.finditer(pattern, bundle)
    without = bundle[:found.start()] + "/* gone */" + bundle[found.end():]
    with pytest.raises(ValueError, match=re.escape(what)):
        theme_script.quiet_bundle(without)


def test_the_schemes_come_from_materials_stylesheets():
    from material import templates

    css = "\n".join(path.read_text(encoding="utf-8") for path in (
        Path(templates.__file__).parent / "assets" / "stylesheets").glob("*.css"))
    assert theme_script.color_schemes(css) == {"default": "light", "slate": "dark"}


def test_every_page_runs_the_changed_bundle_and_sets_its_colour_scheme_first(built_site):
    [served] = built_site.glob("assets/javascripts/bundle.*.min.js")
    js = served.read_text(encoding="utf-8")
    assert js == theme_script.quiet_bundle(installed_bundle())
    assert served.name == f"bundle.{hashlib.sha256(js.encode()).hexdigest()[:8]}.min.js"
    script = theme_script.color_scheme_script({"default": "light", "slate": "dark"})
    pages = 0
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found = set(re.findall(r"assets/javascripts/(bundle\.\w+\.min\.js)", html))
        assert found <= {served.name}, (page, found)
        if 'var palette=__md_get("__palette")' in html:
            pages += 1
            palette_script = re.search(r'<script>var palette=__md_get\("__palette"\);.*?</script>',
                                       html, re.S)
            assert html[palette_script.end():].startswith(script), page
            assert html.count('m.name="color-scheme"') == 1, page
            # In <body>, after the header's palette form and before the content.
            assert html.index("<body") < palette_script.start() < html.index('class="md-main"')
    assert pages == len(list(built_site.rglob("*.html")))  # every page has a palette


def test_a_source_map_is_served_only_beside_the_file_it_maps(built_site):
    # The build serves Material's bundle and stylesheet changed, under new names; the
    # theme's maps of the originals would map files the site no longer has.
    maps = sorted(built_site.rglob("*.map"))
    assert maps, "Material's palette stylesheet and search worker keep their maps"
    orphans = [m.relative_to(built_site).as_posix() for m in maps
               if not m.with_name(m.name.removesuffix(".map")).is_file()]
    assert orphans == []
