"""The offline edition's configuration and how readers reach it (no build of it here:
tests/browser/test_offline.py builds it, unpacks it and reads it from disk).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import yaml
from mkdocs.config import load_config

from sitebuild import offline

ROOT = Path(__file__).resolve().parents[2]


def _config(name: str):
    return load_config(str(ROOT / name))


def test_the_offline_config_is_the_site_with_pages_as_files():
    site, edition = _config("mkdocs.yml"), _config("mkdocs.offline.yml")
    assert site.use_directory_urls and not edition.use_directory_urls
    assert edition.extra["offline"] is True and not site.extra.get("offline")
    assert Path(edition.site_dir).name == "site-offline"
    # Everything else is the site's: the same pages, plugins, theme and extensions.
    assert edition.nav == site.nav
    assert list(edition.plugins) == list(site.plugins)
    assert edition.markdown_extensions == site.markdown_extensions
    assert dict(edition.theme) == dict(site.theme)
    # Not Material's offline plugin: it loads its worker shim from a CDN.
    assert "material/offline" not in edition.plugins and "offline" not in edition.plugins


def test_make_offline_builds_that_config_and_writes_the_archive():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^offline: .*\n((?:\t.*\n)+)", makefile, re.MULTILINE)[1]
    assert "mkdocs build --strict --config-file mkdocs.offline.yml" in recipe
    assert f"-m sitebuild.offline site-offline dist/{offline.ARCHIVE_NAME}" in recipe
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/site-offline/" in ignored and "/dist/" in ignored


def test_the_pages_workflow_publishes_the_archive_at_the_sites_root():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    build = next(i for i, run in enumerate(runs) if run.strip() == "make build")
    publish = next(i for i, run in enumerate(runs) if "make offline" in run)
    upload = next(i for i, step in enumerate(steps)
                  if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert build < publish < upload
    assert f"cp dist/{offline.ARCHIVE_NAME} site/" in runs[publish]
    assert steps[upload]["with"]["path"] == "site"


def test_every_page_footer_links_the_archive_at_the_sites_root(built_site):
    for page in ["index.html", "activations/index.html", "zh/index.html",
                 "zh/notebooks/mlp/index.html", "zh/print/index.html"]:
        html = (built_site / page).read_text(encoding="utf-8")
        link = re.search(r'<a class="mlp-provenance__offline" href="([^"]+)" download>([^<]+)</a>',
                         html)
        assert link, f"{page}: no link to the offline edition in the footer"
        site_path = urljoin(f"http://site/{page}", link[1])
        assert site_path == f"http://site/{offline.ARCHIVE_NAME}", (page, link[1])
        words = "离线版" if page.startswith("zh/") else "Offline edition"
        assert link[2].startswith(words), (page, link[2])
