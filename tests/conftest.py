"""Shared fixtures: the built site, a local server for it, and a headless browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
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
# (nbclient in tests/test_notebooks.py) refuses to start under a running loop.
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
