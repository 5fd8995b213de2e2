"""The site works where it is hosted, and says what it was built from.

GitHub Pages serves a project site under a sub-path (``https://OWNER.github.io/mlp-edu/``).
Here the site is built with such a ``site_url`` (``SITE_URL``, read by mkdocs.yml),
served by a small server that knows only that sub-path (and answers anything
missing with the site's 404 page, as Pages does), and every page is opened in
chromium: all its assets, figures and math load, and nothing is asked for
outside the sub-path. The footer of every page names the ``mlp_edu`` version
and the commit; the Pages workflow runs the same ``make`` targets as a developer.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import yaml

import mlp_edu
from sitebuild.printpage import build_info
from tests.conftest import ROOT, pages_of


# --- what the footer says -------------------------------------------------------------
def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_build_info_names_the_commit_and_says_when_the_tree_is_dirty(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / "page.md").write_text("# A page\n", encoding="utf-8")
    _git(tmp_path, "add", "page.md")
    _git(tmp_path, "commit", "-q", "-m", "first")
    head = _git(tmp_path, "rev-parse", "--short", "HEAD")
    assert build_info(tmp_path) == {"version": mlp_edu.__version__, "commit": head}
    (tmp_path / "page.md").write_text("# A changed page\n", encoding="utf-8")
    assert build_info(tmp_path)["commit"] == f"{head}+dirty"


def test_build_info_outside_git_says_unknown(tmp_path, monkeypatch):
    assert build_info(tmp_path / "not-a-repository")["commit"] == "unknown"
    monkeypatch.setenv("PATH", str(tmp_path))  # no git at all
    assert build_info(ROOT)["commit"] == "unknown"


def test_every_page_footer_shows_the_version_and_the_commit(built_site):
    for path in pages_of(built_site):
        file = built_site / path if path.endswith(".html") else built_site / path / "index.html"
        html = file.read_text(encoding="utf-8")
        version = re.search(r'class="mlp-provenance__version">([^<]+)<', html)
        commit = re.search(r'class="mlp-provenance__commit">([^<]+)<', html)
        assert version and version[1] == mlp_edu.__version__, path
        assert commit, path
        if commit[1] != "unknown":
            sha = commit[1].removesuffix("+dirty")
            assert re.fullmatch(r"[0-9a-f]{7,40}", sha), commit[1]
            # A commit of this repository (HEAD may have moved on since the build).
            _git(ROOT, "cat-file", "-e", f"{sha}^{{commit}}")


# --- the site under a sub-path --------------------------------------------------------

def test_sitemap_and_canonical_links_carry_the_sub_path(hosted):
    url, site, _ = hosted
    locations = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text("utf-8"))
    assert locations and all(loc.startswith(url) for loc in locations), locations
    for path in pages_of(site):
        if path.endswith(".html"):
            continue
        html = (site / path / "index.html").read_text(encoding="utf-8")
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
        assert canonical and canonical[1] == url + path, (path, canonical)

# --- the GitHub Pages workflow --------------------------------------------------------

def test_the_pages_workflow_tests_builds_and_deploys_the_site_with_make():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    runs = "\n".join(step.get("run", "") for step in steps)
    uses = [step.get("uses", "") for step in steps]
    assert "make test" in runs and "make build" in runs
    assert "chromium" in runs  # the browser tests need it on the runner
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"
    build = next(s for s in steps if "make build" in s.get("run", ""))
    assert "SITE_URL" in build.get("env", {}), "the site must be built for its Pages address"
