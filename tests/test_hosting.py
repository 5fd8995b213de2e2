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

import functools
import http.server
import os
import re
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from test_browser_site import ALL_MATH_TYPESET, READ_PAGE, SHOWN_IMAGES_DONE, pages_of

import mlp_edu
from conftest import ROOT, mkdocs_build
from mlp_edu.site import build_info

SUB_PATH = "/mlp-edu/"


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

class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site at SUB_PATH only; records any request outside it."""

    outside: list[str]

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        if not self.path.startswith(SUB_PATH):
            self.outside.append(self.path)
            self.send_error(404)
            return
        self.path = "/" + self.path[len(SUB_PATH):]
        target = Path(self.translate_path(self.path))
        if target.is_dir() and self.path.split("?")[0].endswith("/"):
            target = target / "index.html"
        if not target.exists():  # as GitHub Pages does: the site's own 404 page
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@pytest.fixture(scope="module")
def hosted(built_site, tmp_path_factory):
    """The site built for ``http://127.0.0.1:PORT/mlp-edu/`` and served only there."""
    base = tmp_path_factory.mktemp("hosted")
    outside: list[str] = []
    handler = functools.partial(type("Handler", (_SubPathHandler,), {"outside": outside}),
                                directory=str(base / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    result = mkdocs_build(base / "site", env={
        "SITE_URL": url, "MLP_EDU_FIGURE_CACHE": str(built_site.parent / "cache")})
    assert result.returncode == 0, result.stderr
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url, base / "site", outside
    server.shutdown()
    server.server_close()


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


@pytest.mark.browser
def test_every_page_works_under_the_sub_path(browser, hosted):
    url, site, outside = hosted
    origin = url[: -len(SUB_PATH)]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems, requests = [], []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.on("request", lambda r: requests.append(r.url))
    for path in pages_of(site):
        page.goto(url + path, wait_until="load")
        page.wait_for_function(ALL_MATH_TYPESET)
        page.wait_for_function(SHOWN_IMAGES_DONE)
        seen = page.evaluate(READ_PAGE)
        assert page.locator("link[rel=stylesheet]").count() >= 3, path
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")\
            in {"sticky", "fixed"}, f"{path}: Material's stylesheet did not load"
        assert seen["untypeset"] == [] and seen["mathErrors"] == [], path
        assert all(i["loaded"] for i in seen["images"] if i["shown"]), (path, seen["images"])
    page.wait_for_load_state("networkidle")
    assert problems == []
    off_path = [r for r in requests if urlsplit(r).scheme in {"http", "https"}
                and not r.startswith(origin + SUB_PATH)]
    assert off_path == [] and outside == []
    context.close()


@pytest.mark.browser
def test_instant_navigation_and_the_404_page_work_under_the_sub_path(browser, hosted):
    url, _, outside = hosted
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.evaluate("window.__stillTheSameDocument = true")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_function(f"location.href.split('#')[0] !== {url!r}")
    page.wait_for_function(ALL_MATH_TYPESET)
    assert page.url.startswith(url) and page.evaluate("window.__stillTheSameDocument === true")

    response = page.goto(url + "no/such/page/", wait_until="networkidle")
    assert response.status == 404
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") \
        in {"sticky", "fixed"}, "the 404 page's stylesheets did not load"
    home = page.locator("a.md-header__button.md-logo").get_attribute("href")
    assert home.rstrip("/") + "/" == SUB_PATH or home.startswith(url), home
    # A reader of either language may land here: it says so in both, and leads to both homes.
    homes = page.locator("article a:not(.headerlink)").evaluate_all(
        "links => links.map(a => a.href)")
    assert homes == [url, url + "zh/"], homes
    assert "找不到页面" in page.locator("article [lang=zh]").inner_text()
    page.locator(f"article a[href$='{SUB_PATH}zh/']").click()
    page.wait_for_url(url + "zh/")
    assert page.evaluate("document.documentElement.lang") == "zh"
    context.close()
    assert outside == []


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
