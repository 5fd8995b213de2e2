"""Thin MkDocs adapter: all the logic lives in ``mlp_edu.site``.

- on_config: re-import ``mlp_edu`` so ``mkdocs serve`` sees edits to the package.
- on_files: add the rendered figures and KaTeX to the build, in memory
  (nothing is written into ``docs/``, so serving never loops).
- on_page_markdown: expand ``[[figure NAME]]`` lines.
- the derivative explorer: on_files adds its data (computed by ``mlp_edu``),
  on_page_markdown expands the ``[[explorer]]`` line into the widget.
- the footer's provenance and the print page: on_files records the version and
  commit for the footer and adds the print page; on_page_context fills that
  page with every section of the chapter once all are rendered.
- notebooks (docs/notebooks/*.py, executed by mkdocs-jupyter): on_config keys
  mkdocs-jupyter's cache on the package, on_files adds each notebook's .ipynb,
  on_page_content adds the download link and the link back to the section.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
# Rendered figures are cached outside docs/ (so `mkdocs serve` never loops);
# tests point MLP_EDU_FIGURE_CACHE at an empty folder to force fresh renders.
CACHE = Path(os.environ.get("MLP_EDU_FIGURE_CACHE", ROOT / ".cache" / "figures"))
# Executed notebooks, likewise; MLP_EDU_NOTEBOOK_CACHE points elsewhere (tests).
NOTEBOOK_CACHE = Path(os.environ.get("MLP_EDU_NOTEBOOK_CACHE", ROOT / ".cache" / "notebooks"))
site = None


def on_config(config):
    global site
    # `mkdocs serve` rebuilds in one process: drop the old modules so edits show.
    for name in [m for m in sys.modules if m == "mlp_edu" or m.startswith("mlp_edu.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    site = importlib.import_module("mlp_edu.site")
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:  # its cache, keyed on notebook text, now also on mlp_edu
        jupyter.config["cache_dir"] = str(site.notebook_cache_dir(NOTEBOOK_CACHE))
    return config


def on_files(files, config):
    generated = {**site.figure_files(CACHE), **site.katex_files(ROOT / "node_modules"),
                 **site.notebook_files(Path(config.docs_dir))}
    generated.update(site.explorer_files())
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    info = site.build_info(ROOT)
    print_page = File.generated(config, site.PRINT_PAGE, inclusion=InclusionLevel.NOT_IN_NAV,
                                content=site.print_page_markdown(info))
    files.append(print_page)
    config.extra["mlp_edu"] = {**info, "print_url": print_page.url}  # for the footer
    return files


def on_page_markdown(markdown, page, config, files):
    markdown = site.expand_explorer(markdown)
    return site.expand_figures(markdown, page.file.src_uri)


def on_page_content(html, page, config, files):
    if not site.is_notebook(page.file.src_uri):
        return html
    section = files.get_file_from_path(site.notebook_section(page.file.src_uri))
    if section is None or section.page is None:
        raise PluginError(f"{page.file.src_uri}: no section page "
                          f"{site.notebook_section(page.file.src_uri)} to link back to")
    ipynb = page.file.src_uri.removesuffix(".py") + ".ipynb"
    return site.notebook_page(
        html,
        download_url=get_relative_url(ipynb, page.url),
        section_url=section.url_relative_to(page.file),
        section_title=section.page.title or section.name,
        alts=site.notebook_alts(Path(page.file.abs_src_path)),
    )


def on_page_context(context, page, config, nav):
    if page.file.src_uri == site.PRINT_PAGE:  # every other page is rendered by now
        sections = [(p.url, p.title, p.content) for p in nav.pages if p is not page]
        page.content += site.print_chapter(sections, page.url)
    return context
