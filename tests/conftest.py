"""Shared fixtures: the built site, a local server for it, and a headless browser.

Tests sit by level: ``tests/unit/`` the package alone (``make test-unit``, seconds),
``tests/site/`` the build (pages, figures, notebooks, both languages, print),
``tests/browser/`` the built site in headless chromium. Each test gets its
level's marker from its folder, so ``pytest -m "not browser"`` works as well as
``pytest tests/unit``.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sitebuild import katex

ROOT = Path(__file__).resolve().parent.parent
LEVELS = {"site": pytest.mark.site, "browser": pytest.mark.browser}


def pytest_collection_modifyitems(items):
    for item in items:
        path = Path(item.path)
        for level, mark in LEVELS.items():
            if ROOT / "tests" / level in path.parents:
                item.add_marker(mark)
CHROMIUM = Path(os.environ.get("MLP_EDU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def mkdocs_build(destination: Path, *, cwd: Path = ROOT, env: dict | None = None,
                 config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` into ``destination``; return the finished process.

    ``-P``: like the ``mkdocs`` command of ``make build``, do not put the working
    folder on ``sys.path``, so a build that imports from the project folder
    without arranging it fails here too.
    """
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-P", "-m", "mkdocs", "build", "--strict", "--config-file", config,
         "--site-dir", str(destination)],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def jupyterlab_stylesheet(tmp_path_factory) -> str:
    """JupyterLab's whole stylesheet, as mkdocs-jupyter writes it into a notebook page."""
    from mkdocs_jupyter.nbconvert2 import nb2html

    from sitebuild.notebooks import move_styles

    source = tmp_path_factory.mktemp("notebook") / "empty.py"
    source.write_text("# %%\n1\n", encoding="utf-8")
    _, _, css = move_styles(nb2html(str(source), execute=False), str)
    return css


@pytest.fixture(scope="session")
def _site_server(tmp_path_factory):
    """The built site's folder and a loopback server for it, bound before the build.

    The site is built for that server's address: Material's instant navigation
    only takes over links on the host and port of ``site_url``.
    """
    base = tmp_path_factory.mktemp("built")
    handler = functools.partial(_QuietHandler, directory=str(base / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    yield base, server
    server.server_close()


@pytest.fixture(scope="session")
def built_site(_site_server) -> Path:
    """The whole site, built once per test session with a fresh figure cache."""
    base, server = _site_server
    result = mkdocs_build(base / "site", env={
        "MLP_EDU_FIGURE_CACHE": str(base / "cache"),
        "SITE_URL": f"http://127.0.0.1:{server.server_address[1]}/",
    })
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return base / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep pytest's output readable
        pass


def serve(directory: Path):
    """Serve ``directory`` on a free loopback port; returns (base URL, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def site_url(built_site, _site_server):
    _, server = _site_server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _missing_browser(reason: str):
    # In CI a missing browser is a failure: the browser tests are the proof that
    # readers see math and figures. Locally, without chromium, they skip.
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI=true and the browser tests cannot run: {reason}")
    pytest.skip(reason)


# One browser a test module, not a session: Playwright's sync API keeps an asyncio
# loop running in this thread while it is open, and asyncio.run() elsewhere
# (nbclient in tests/site/test_notebooks.py) refuses to start under a running loop.
@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - depends on the machine
        _missing_browser(f"python playwright is not installed ({error})")
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        _missing_browser(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# ---- reading a built site ---------------------------------------------------------------

def pages_of(site: Path) -> list[str]:
    """Every page of a built site as a URL path: ``""``, ``"activations/"``, ``"404.html"``."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html"))
    return paths


def site_print_url(built_site: Path) -> str:
    """The print page's URL path, as the footer of the home page links to it."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    return re.search(r'class="mlp-provenance__print" href="([^"]+)"', home)[1]


def is_print_page(built_site: Path, path: str) -> bool:
    """Whether the page at ``path`` is a print version of the chapter (one per language)."""
    file = built_site / path if path.endswith(".html") else built_site / path / "index.html"
    return 'class="mlp-print-section"' in file.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def print_html(built_site) -> str:
    return (built_site / site_print_url(built_site) / "index.html").read_text(encoding="utf-8")


# ---- the site under a sub-path, as GitHub Pages serves a project site ------------------

SUB_PATH = "/mlp-edu/"


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


# ---- KaTeX, run as the build runs it ------------------------------------------------------

@pytest.fixture(scope="module")
def katex_render():
    renderer = katex.KatexRenderer(ROOT / "node_modules")
    yield renderer.render
    renderer.close()
