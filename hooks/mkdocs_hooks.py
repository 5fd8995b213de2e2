"""Thin MkDocs adapter: all the logic lives in ``sitebuild/``, beside the package.

- on_config: put the repository on ``sys.path`` (``sitebuild`` is not installed)
  and re-import ``mlp_edu`` and ``sitebuild`` so ``mkdocs serve`` sees edits.
- on_files: add the rendered figures and KaTeX to the build, in memory
  (nothing is written into ``docs/``, so serving never loops).
- on_page_markdown: expand ``[[figure NAME]]`` lines and ``[[value NAME]]`` markers
  (numbers computed by ``mlp_edu``, ``sitebuild/values.py``); link each piece of
  included code to its module in the API reference (docs/api/, mkdocstrings).
- math: on_post_page typesets every formula with KaTeX (``sitebuild.katex``),
  notebook cells included, and asks for the fonts of the page's math first.
- the derivative explorer: on_files adds its data (computed by ``mlp_edu``),
  on_page_markdown expands the ``[[explorer]]`` line into the widget; the
  backpropagation step-through (``sitebuild.stepthrough``) the same way, with
  ``[[stepthrough]]``.
- the playground (``sitebuild.playground``): on_files adds every setting's run,
  on_page_markdown expands the ``[[playground]]`` line into the widget.
- the footer's provenance and the printed pages: on_files records the version and
  commit for the footer and adds the print page, the handout and the answer key;
  on_page_context fills them with every section of the chapter once all are
  rendered; on_page_markdown links the latter two below each page's exercises.
- notebooks (docs/notebooks/*.py, executed by mkdocs-jupyter): on_files keys
  mkdocs-jupyter's cache on the package (a folder per language), adds each
  notebook's .ipynb and, in Chinese, makes the notebooks from their translations;
  on_page_content adds the download link and the link back to the section.
- two languages (mkdocs-static-i18n builds the site once per language: English
  at /, then Chinese at /zh/ from docs/NAME.zh.md): on_files runs after that
  plugin has sorted the files of the language being built, fails the build if
  a page lacks its twin in the other language, and adds what the build makes
  in that language (figures, print page); the English notebooks become pages
  of both languages; on_page_context keeps the <head>'s language links on each
  language's home (the header's switcher, overrides/partials/alternate.html,
  links this page in the other language); on_post_build gives each language its
  own search index and on_post_page points that language's pages at it.
- light pages on a phone (make bench): on_post_page slims highlighted code
  (``sitebuild.slim``) and notes each KaTeX font's characters, to which on_post_build
  cuts KaTeX's fonts down; on_files records each figure's size for its images,
  which load lazily (the hidden colour scheme's are not fetched); the
  notebooks' inlined JupyterLab stylesheet becomes one cached file, cut down to
  the rules the pages that link it can use (``sitebuild.stylesheets``), and their
  inlined figures image files (on_page_content takes them out, on_post_build
  writes them); on_post_page lets
  each page fetch its search index only when the reader goes to search.
- the offline edition (``mkdocs.offline.yml``, ``extra.offline``; ``sitebuild.offline``),
  opened from disk: on_config runs Material's search worker in iframe-worker's shim
  and turns instant navigation off, on_files adds the shim and puts KaTeX's fonts in
  its stylesheet, on_post_page lets each page answer its fetches from script twins,
  which on_post_build writes (and each language's search index as a script);
  on_page_context makes the language links relative, and there is no 404 page.
  Every other build links the archive from the footer.
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import logging
import os
import re
import shutil
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
# Rendered figures are cached outside docs/ (so `mkdocs serve` never loops);
# tests point MLP_EDU_FIGURE_CACHE at an empty folder to force fresh renders.
CACHE = Path(os.environ.get("MLP_EDU_FIGURE_CACHE", ROOT / ".cache" / "figures"))
# Executed notebooks, likewise; MLP_EDU_NOTEBOOK_CACHE points elsewhere (tests).
NOTEBOOK_CACHE = Path(os.environ.get("MLP_EDU_NOTEBOOK_CACHE", ROOT / ".cache" / "notebooks"))
# The translated notebooks' sources, made from the English ones (mkdocs-jupyter reads a file).
TRANSLATED_NOTEBOOKS = NOTEBOOK_CACHE.parent / "translated-notebooks"
# The playground's trained runs, likewise; MLP_EDU_PLAYGROUND_CACHE points elsewhere.
PLAYGROUND_CACHE = Path(os.environ.get("MLP_EDU_PLAYGROUND_CACHE",
                                       ROOT / ".cache" / "playground"))
api = figures = katex = notebooks = printpage = explorer = stepthrough = i18n = search = None
values = playground = slim = offline = stylesheets = theme_script = None
_figure_sizes: dict[str, tuple[int, int]] = {}  # each figure's size, so its image keeps its room
_notebook_stylesheets: dict[str, str] = {}  # site path: the notebooks' one stylesheet
_stylesheet_pages: dict[str, dict[str, str]] = {}  # its site path: {file written: its HTML}
_notebook_images: dict[str, bytes] = {}  # site path: a notebook's figure, out of its page
_math_characters: dict[str, set[str]] = {}  # each KaTeX font: what the pages' math sets in it


class _HandledWarning(logging.Filter):
    """mkdocs-static-i18n warns that its per-page language links go stale under
    instant navigation (the header is not reloaded); javascripts/language.js
    keeps them right, so that warning must not fail the strict build."""

    def filter(self, record):
        return "not compatible with theme.features = navigation.instant" not in record.getMessage()


def on_config(config):
    global api, figures, katex, notebooks, printpage, explorer, stepthrough, i18n, search, values
    global playground, slim, offline, stylesheets, theme_script
    # sitebuild/ sits beside mlp_edu/ and is not installed. (Here, not at import time:
    # MkDocs restores sys.path after loading a hook module.)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # `mkdocs serve` rebuilds in one process: drop the old modules so edits show.
    for name in [m for m in sys.modules if m.split(".")[0] in ("mlp_edu", "sitebuild")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    api, figures, katex, notebooks, printpage, explorer, stepthrough, i18n, search, values = (
        importlib.import_module(f"sitebuild.{name}") for name in
        ["api", "figures", "katex", "notebooks", "printpage", "explorer", "stepthrough", "i18n",
         "search", "values"])
    playground = importlib.import_module("sitebuild.playground")
    slim = importlib.import_module("sitebuild.slim")
    offline = importlib.import_module("sitebuild.offline")
    stylesheets = importlib.import_module("sitebuild.stylesheets")
    theme_script = importlib.import_module("sitebuild.theme_script")
    if _offline(config):
        # Material's search runs in a Web Worker, which file:// forbids: in an iframe instead.
        config.extra["polyfills"] = [offline.WORKER_SHIM]
        # Instant navigation stays off on file://, and then never tells scripts (document$)
        # that the first page is there: the widgets would never start.
        config.theme["features"] = [feature for feature in config.theme.get("features", [])
                                    if not feature.startswith("navigation.instant")]
    _key_notebook_cache(config, i18n.DEFAULT)  # again in on_files, for each language
    plugin_log = logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure")
    if not any(isinstance(f, _HandledWarning) for f in plugin_log.filters):
        plugin_log.addFilter(_HandledWarning())
    logging.getLogger("jieba").setLevel(logging.WARNING)  # Chinese search: no chatter
    return config


def _key_notebook_cache(config, lang: str) -> None:
    """mkdocs-jupyter's cache, keyed on notebook text, now also on mlp_edu; a folder a
    language, as each language's build evicts the entries it did not use itself."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter.config["cache_dir"] = str(notebooks.notebook_cache_dir(NOTEBOOK_CACHE) / lang)


def _offline(config) -> bool:
    """Whether this is the offline edition's build (mkdocs.offline.yml)."""
    return bool(config.extra.get("offline"))


def _page_url(path: str, config) -> str:
    """The URL of the page at ``path`` (``api/``, a folder's index page), as this build
    writes pages' URLs (on disk: ``api/index.html``)."""
    return path if config.use_directory_urls else path + "index.html"


def _language(config) -> str:
    """The language being built: mkdocs-static-i18n sets the theme's language per build."""
    lang = config.theme.get("language")
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT


@event_priority(-110)  # after mkdocs-static-i18n (-100), which rebuilds the file list per
def on_files(files, config):  # language and cannot take files that exist in memory only
    lang = _language(config)
    try:
        i18n.check_translations(Path(config.docs_dir))
    except i18n.TranslationError as error:
        raise PluginError(str(error)) from None
    _key_notebook_cache(config, lang)
    notebook_pages = _notebook_pages(files, config, lang)
    drawn = figures.figure_files(CACHE, lang)
    _figure_sizes.update({path: figures.svg_size(svg) for path, svg in drawn.items()})
    katex_files = katex.katex_files(ROOT / "node_modules")
    if _offline(config):  # a page on disk may not load font files: they go into the CSS
        katex_files = offline.with_fonts_inline(katex_files, katex.KATEX_DIR)
    generated = {**drawn, **katex_files,
                 **explorer.explorer_files(), **stepthrough.stepthrough_files()}
    generated.update(playground.playground_files(PLAYGROUND_CACHE))
    if _offline(config):
        generated.update(offline.offline_files(ROOT / "node_modules"))
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    for path, content in notebooks.notebook_files(Path(config.docs_dir), lang).items():
        # At zh/notebooks/NAME.ipynb, found as notebooks/NAME.ipynb by the links of its pages.
        download = File.generated(config, path.removeprefix(i18n.site_prefix(lang)),
                                  content=content)
        download.dest_uri = path
        files.append(download)
    info = printpage.build_info(ROOT)
    printed = {}  # the print page, the handout and the answer key
    for kind in printpage.PRINTED:
        printed[kind] = File.generated(
            config, printpage.print_page_path(lang, kind), inclusion=InclusionLevel.NOT_IN_NAV,
            content=printpage.print_page_markdown(info, lang=lang, kind=kind))
        printed[kind].alternates = {
            other: File.generated(config, printpage.print_page_path(other, kind), content="")
            for other in i18n.LANGUAGES}
        files.append(printed[kind])
    config.extra["mlp_edu"] = {  # the footer's links
        **info, "api_url": _page_url(f"{i18n.site_prefix(lang)}api/", config),
        **{f"{kind}_url": file.url for kind, file in printed.items()},
        # The hosted site's root holds the archive (the Pages workflow puts it there).
        "offline_url": None if _offline(config) else offline.ARCHIVE_NAME}
    # One 404 page, for the whole site (it speaks both languages; overrides/404.html),
    # rendered by the first build, the default language's: the others must not write
    # theirs over it. None on disk (the offline edition), where no server answers 404.
    if lang != i18n.DEFAULT or _offline(config):
        config.theme.static_templates.discard("404.html")
        if files.get_file_from_path("404.html"):
            files.remove(files.get_file_from_path("404.html"))
    else:
        config.theme.static_templates.add("404.html")
    plugin = config.plugins.get("i18n")
    if plugin is not None:  # its sitemap lists the pages it saw; these came after it
        plugin.i18n_files_per_language[lang] = [
            *plugin.i18n_files_per_language.get(lang, []), *notebook_pages, *printed.values()]
    return files


def _notebook_pages(files, config, lang: str) -> list:
    """The notebooks as pages of the language being built, in its folder (zh/notebooks/...).

    mkdocs-jupyter makes the notebook sources pages, but mkdocs-static-i18n then
    rebuilds every file as a plain one, and a .py file is no page to it. They
    become pages again here; their language links come from that plugin. In
    another language than English the page is the notebook made from the English
    one and its translation (``docs/notebooks/NAME.LANG.toml``).
    """
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return []
    from mkdocs_jupyter.plugin import NotebookFile

    pages = []
    for file in list(files):
        if notebooks.is_notebook_translation(file.src_uri):  # read by the build, not served
            files.remove(file)
            continue
        if file.is_documentation_page() or not jupyter.should_include(file):
            continue
        page = NotebookFile(file, **config)
        if lang != i18n.DEFAULT:  # on the page: NotebookFile does not pass it on to the file
            try:
                page.abs_src_path = str(notebooks.write_translated_source(
                    Path(file.abs_src_path), lang, TRANSLATED_NOTEBOOKS))
            except notebooks.NotebookTranslationError as error:
                raise PluginError(str(error)) from None
        page.dest_path = i18n.site_prefix(lang) + page.dest_path
        page.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, page.dest_path))
        page.url = page._get_url(config.use_directory_urls)
        files.remove(file)
        files.append(page)
        pages.append(page)
    return pages


def on_page_markdown(markdown, page, config, files):
    try:
        markdown = values.expand_values(markdown, page.file.src_uri)  # [[value NAME]]
    except KeyError as error:
        raise PluginError(str(error)) from None
    markdown = explorer.expand_explorer(markdown, i18n.page_language(page.file.src_uri))
    markdown = stepthrough.expand_stepthrough(markdown, i18n.page_language(page.file.src_uri))
    markdown = playground.expand_playground(markdown, i18n.page_language(page.file.src_uri))
    try:
        markdown = api.link_snippets(markdown, page.file.src_uri)
    except ValueError as error:  # code of a module the reference does not document
        raise PluginError(str(error)) from None
    markdown = printpage.link_printed(markdown, page.file.src_uri,  # handout and answer key
                                      i18n.page_language(page.file.src_uri))
    return figures.expand_figures(markdown, page.file.src_uri, _figure_sizes)


def on_page_content(html, page, config, files):
    if not notebooks.is_notebook(page.file.src_uri):
        return html
    section = files.get_file_from_path(notebooks.notebook_section(page.file.src_uri))
    if section is None or section.page is None:
        raise PluginError(f"{page.file.src_uri}: no section page "
                          f"{notebooks.notebook_section(page.file.src_uri)} to link back to")
    ipynb = i18n.site_prefix(_language(config)) + page.file.src_uri.removesuffix(".py") + ".ipynb"
    # JupyterLab's stylesheet, inlined by mkdocs-jupyter, becomes one cached file.
    html, stylesheet, css = notebooks.move_styles(
        html, lambda path: get_relative_url(path, page.url))
    if stylesheet:
        _notebook_stylesheets[stylesheet] = css  # written by on_post_build
    html = notebooks.notebook_page(
        html,
        download_url=get_relative_url(ipynb, page.url),
        section_url=section.url_relative_to(page.file),
        section_title=section.page.title or section.name,
        alts=notebooks.notebook_alts(Path(page.file.abs_src_path)),
        lang=_language(config),
    )
    # Its figures become files, fetched as the reader nears them (on_post_build writes them).
    html, images = notebooks.move_images(html, lambda path: get_relative_url(path, page.url))
    _notebook_images.update(images)
    if _language(config) != i18n.DEFAULT:  # its headings and contents take the English ids
        html = _english_heading_ids(html, page, config)
    return html


def _english_heading_ids(html: str, page, config) -> str:
    headings = notebooks.heading_ids(Path(config.docs_dir) / page.file.src_uri)
    try:
        html = notebooks.with_heading_ids(html, [name for _, name in headings])
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri} ({_language(config)}): {error}") from None
    entries = []

    def walk(items) -> None:
        for item in items:
            entries.append(item)
            walk(item.children)

    walk(page.toc)
    remaining = iter(headings)
    for entry in entries:  # the contents list the headings down to a depth, in order
        entry.id = next((name for level, name in remaining if level == entry.level), entry.id)
    return html


def on_post_page(output, page, config):
    # Math arrives typeset: KaTeX runs here, once, not in every reader's browser. Here,
    # after search has indexed the page: the index keeps each formula's TeX source, not
    # KaTeX's three copies of it (MathML, TeX annotation, glyphs) run together.
    render = katex.renderer(ROOT / "node_modules").render
    try:
        # Notebook cells sit on the notebook pages and, with every section, on the print page.
        output = katex.typeset_page(katex.typeset_notebook_page(output, render), render)
    except katex.MathError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None
    output = slim.slim_code(output)  # fewer elements to style and lay out, same look
    output = slim.wrap_tables(output)  # as Material's script would, so it moves none
    output = slim.mark_late_blocks(output)  # drawn as they near the screen
    if not _offline(config):  # offline, the fonts are in KaTeX's stylesheet
        output = katex.preload_fonts(output, get_relative_url(f"{katex.KATEX_DIR}/fonts",
                                                              page.url))
        for font, characters in katex.math_characters(output).items():  # for on_post_build
            _math_characters.setdefault(font, set()).update(characters)
    output = search.index_on_demand(output)  # fetched once the reader goes to search
    if _offline(config):  # opened from disk: the widgets' data come from script twins
        output = offline.add_fetch_from_twins(output)
    lang = _language(config)
    if lang != i18n.DEFAULT:  # this language's search index and sitemap live at its home
        output = search.with_language_base(output, get_relative_url(i18n.site_prefix(lang),
                                                                    page.url))
    for stylesheet in _notebook_stylesheets:  # cut down to these pages by on_post_build
        if stylesheet in output:
            _stylesheet_pages.setdefault(stylesheet, {})[page.file.abs_dest_path] = output
    return output


def on_page_context(context, page, config, nav):
    kind = printpage.printed_kind(page.file.src_uri, _language(config))
    if kind:  # the print page, handout or answer key: the other pages are rendered by now
        sections = [(p.url, p.title, p.content) for p in nav.pages if p is not page]
        page.content += printpage.print_chapter(sections, page.url, kind)
    # The header's language links name this page in each language (overrides/
    # partials/alternate.html); the <head> keeps each language's home, whose
    # sitemap Material's own language navigation fetches.
    plugin = config.plugins.get("i18n")
    if plugin is not None and plugin.extra_alternate:  # set as it sets them, an attribute
        config.extra.alternate = copy.deepcopy(plugin.extra_alternate)
        if _offline(config):  # on disk, "/zh/index.html" is at the disk's root: relative
            root = urlsplit(config.site_url or "/").path
            for alternate in config.extra.alternate:
                alternate["link"] = alternate["link"].removeprefix(root).lstrip("/")
    return context


@event_priority(-110)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config):
    if katex.renderer.cache_info().currsize:  # stop this build's Node.js process
        katex.renderer(ROOT / "node_modules").close()
        katex.renderer.cache_clear()
    # Material fetches the sitemap of each language's home named in <head>; the
    # site has one sitemap, for both languages, written at the root by the last
    # language built. /zh/ gets a copy.
    lang = _language(config)
    sitemap = Path(config.site_dir) / "sitemap.xml"
    if lang != i18n.DEFAULT and sitemap.is_file():
        copy_to = Path(config.site_dir) / i18n.site_prefix(lang) / "sitemap.xml"
        copy_to.write_bytes(sitemap.read_bytes())
    if _math_characters:  # KaTeX's fonts, each cut down to what the pages' math sets in it
        fonts = katex.subset_fonts(katex.katex_files(ROOT / "node_modules"), _math_characters)
        for path, data in fonts.items():
            if path.endswith(".woff2"):
                (Path(config.site_dir) / path).write_bytes(data)
    for path, content in _notebook_images.items():
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    plugin = config.plugins.get("i18n")
    if plugin is None or not plugin.building:  # every page of both languages is written
        _write_notebook_stylesheets(Path(config.site_dir))
        _slim_stylesheets(Path(config.site_dir), config.extra_css)
        _quiet_theme_script(Path(config.site_dir))
    # One search index per language, once the plugin has written the site's (it builds
    # the other languages inside the first language's build, then writes the index).
    index = Path(config.site_dir) / search.SEARCH_INDEX
    if index.is_file() and (plugin is None or not plugin.building):
        search.split_search_index(Path(config.site_dir))
        if _offline(config):
            offline.search_index_scripts(Path(config.site_dir))
            offline.data_twins(Path(config.site_dir))
        elif (ROOT / "dist" / offline.ARCHIVE_NAME).is_file():  # made by `make offline`
            # The footer links it at the root; Pages publishes it there, and a local
            # site (make serve, make build) serves the one made here last.
            shutil.copyfile(ROOT / "dist" / offline.ARCHIVE_NAME,
                            Path(config.site_dir) / offline.ARCHIVE_NAME)


def _slim_stylesheets(site: Path, extra_css: list[str]) -> None:
    """Fewer stylesheets on each page, and fewer rules in the theme's.

    Every stylesheet in ``extra_css`` (the site's, KaTeX's, mkdocstrings') is linked
    from every page by the theme, and each is a request the first view waits for:
    on a phone, where requests are slow, the first paint waits on all of them. A
    page drops the links of those that style nothing on it (a page without a widget
    does without the widget's). Material's instant navigation adds the stylesheets
    the next page links (``assets.js`` holds its content back until they load).

    The theme's own stylesheet loses its rules for tab positions no tab set of the
    site has (``stylesheets.without_tab_positions``), and reads the tables the build
    wrapped as the ones its script wraps (``stylesheets.with_tables_wrapped_by_build``),
    under a name for what is left.
    """
    pages = {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    theme_css = _linked_theme_asset(site, pages, "assets/stylesheets/main.*.min.css")
    tabs = max(stylesheets.tab_count(page) for page in pages.values())
    slim_path = _replace_theme_asset(theme_css, stylesheets.with_tables_wrapped_by_build(
        stylesheets.without_tab_positions(theme_css.read_text(encoding="utf-8"), tabs)))
    # Its palette stylesheet stays whole. Its rule for a switch of colours names every
    # element ("[data-md-color-switching] *"); naming only those with a transition (70
    # selectors) matched every element slower: Lighthouse mobile, api/network 89 -> 75.
    # The whole-page restyle it made at each load is gone another way: the script sets
    # the mark only when a colour changes (_quiet_theme_script).

    sheets = {path: (site / path).read_text(encoding="utf-8") for path in extra_css
              if (site / path).is_file()}
    everything = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
                  for path in site.rglob("*.css")}
    others = {path: "\n".join(css for other, css in everything.items() if other != path)
              for path in sheets}
    for page_path, page in pages.items():
        folder = PurePosixPath(page_path.parent.relative_to(site).as_posix())
        names = stylesheets.names_in(page)

        def unneeded(href: str, folder=folder, names=names, page=page) -> bool:
            path = os.path.normpath((folder / href).as_posix())
            return path in sheets and not stylesheets.styles_anything(
                sheets[path], names, also_read=page + others[path])

        slimmer = stylesheets.without_links(page, unneeded).replace(theme_css.name,
                                                                    slim_path.name)
        if slimmer != page:
            page_path.write_text(slimmer, encoding="utf-8")


def _linked_theme_asset(site: Path, pages: dict[Path, str], pattern: str) -> Path:
    """The one file matching ``pattern`` (``assets/javascripts/bundle.*.min.js``) that
    the pages link: a rebuild (mkdocs serve) may have left an older one beside it."""
    folder, name = pattern.rsplit("/", 1)
    found = {match for page in pages.values() for match in re.findall(
        re.escape(folder + "/") + "(" + re.escape(name).replace(r"\*", r"\w+") + ")", page)}
    if len(found) != 1:
        raise ValueError(f"the pages link {sorted(found)} for {pattern}, not one file")
    return site / folder / found.pop()


def _replace_theme_asset(path: Path, content: str) -> Path:
    """Write ``content`` in place of the theme's file at ``path``, under the same kind of
    name with the hash of what it now holds (``main.<hash>.min.css``), so a browser
    never keeps the theme's file for it; returns the new path. The theme's source map
    of the file goes too: it maps what the site no longer serves."""
    stem, _, rest = path.name.partition(".")
    digest = hashlib.sha256(content.encode()).hexdigest()[:8]
    new_path = path.with_name(f"{stem}.{digest}.{rest.partition('.')[2]}")
    path.unlink()
    path.with_name(path.name + ".map").unlink(missing_ok=True)
    new_path.write_text(content, encoding="utf-8")
    return new_path


def _quiet_theme_script(site: Path) -> None:
    """Material's script without the three whole-page restyles it makes as a page opens
    and the sitemaps it fetches twice (``sitebuild/theme_script.py``), under a name for
    what it is; each page given the ``color-scheme`` meta of its colours before it is
    drawn, which that script reads."""
    pages = {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    bundle = _linked_theme_asset(site, pages, "assets/javascripts/bundle.*.min.js")
    quiet_path = _replace_theme_asset(
        bundle, theme_script.quiet_bundle(bundle.read_text(encoding="utf-8")))
    schemes = theme_script.color_schemes("\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted((site / "assets" / "stylesheets").glob("*.css"))))
    script = theme_script.color_scheme_script(schemes)
    for page_path, page in pages.items():
        quieter = theme_script.with_color_scheme_script(
            page.replace(bundle.name, quiet_path.name), script)
        if quieter != page:
            page_path.write_text(quieter, encoding="utf-8")


def _write_notebook_stylesheets(site: Path) -> None:
    """JupyterLab's stylesheet, cut down to what the pages that link it use.

    Written once both languages' pages are, under a name for what is left; the
    pages that link it are given that name.
    """
    others = "\n".join(path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.css"))
                       if notebooks.NOTEBOOK_STYLESHEET_DIR not in path.as_posix())
    for path, css in _notebook_stylesheets.items():
        pages = _stylesheet_pages.get(path, {})
        kept = stylesheets.prune(css, list(pages.values()), also_read=others)
        kept_path = notebooks.stylesheet_path(kept)
        target = site / kept_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(kept, encoding="utf-8")
        for written in pages:
            html = Path(written).read_text(encoding="utf-8")
            Path(written).write_text(html.replace(PurePosixPath(path).name,
                                                  PurePosixPath(kept_path).name),
                                     encoding="utf-8")
