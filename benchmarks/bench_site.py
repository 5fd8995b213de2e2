"""How fast the site builds, how heavy its pages are, and what Lighthouse says.

- Build time: ``mkdocs build --strict`` cold (empty figure and notebook caches,
  a fresh site folder) and warm (the same caches and folder again).
- Page weight: every page opened in chromium over a server that compresses
  text as GitHub Pages does; the sum of all responses (HTML, CSS, scripts,
  fonts, figures, search index), against an empty page built with the same
  Material theme configuration: what our content, KaTeX and figures add.
- Lighthouse 12.2.3 (npm, pinned) with the desktop preset on the pages of the
  chapter: performance (target at least 95) and accessibility (target 100).

Run from the repository root (``make bench`` runs every benchmark)::

    python -m benchmarks.bench_site

Needs chromium (``MLP_EDU_CHROMIUM``, default ``/usr/bin/chromium``) and
``npm ci``; Lighthouse finds the browser through ``CHROME_PATH``.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("MLP_EDU_CHROMIUM", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml")
PERFORMANCE_TARGET, ACCESSIBILITY_TARGET = 95, 100
# Lighthouse's scores vary from run to run (more so on a busy machine): each page
# is measured this many times and the median run reported, as Lighthouse advises.
LIGHTHOUSE_RUNS = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))


def build(site: Path, caches: Path, config: Path | None = None) -> float:
    """Seconds for one ``mkdocs build --strict`` into ``site``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "MLP_EDU_FIGURE_CACHE": str(caches / "figures"),
           "MLP_EDU_NOTEBOOK_CACHE": str(caches / "notebooks"),
           "MLP_EDU_PLAYGROUND_CACHE": str(caches / "playground")}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--site-dir", str(site)]
    if config:
        command += ["--config-file", str(config)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"mkdocs build failed:\n{done.stderr}")
    return seconds


def empty_material_site(folder: Path) -> Path:
    """A one-page site with our theme configuration and nothing else; returns its config."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Empty\n\nAn empty page.\n", encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text("\n".join([
        f"INHERIT: {ROOT / 'mkdocs.yml'}",
        "docs_dir: docs",
        "nav: [index.md]",
        "theme:",
        f"  custom_dir: {ROOT / 'overrides'}",
        "plugins: [search]",
        "hooks: []",
        "watch: []",
        "extra_css: []",
        "extra_javascript: []",
        "",
    ]), encoding="utf-8")
    return config


class _PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text compressed with gzip when the browser accepts it."""

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not (path.is_file() and kind.startswith(COMPRESSED)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_PagesLikeHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def pages_of(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix().removesuffix("index.html")
            for p in sorted(site.rglob("*.html"))]


def chapter_pages(site: Path) -> list[str]:
    """The pages in the sidebar, in order (the chapter's sections)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"#]*)" class="md-nav__link',
                       home[home.index("md-nav--primary"):])
    return list(dict.fromkeys("" if h == "." else h for h in hrefs))


def page_weights(browser, url: str, paths: list[str]) -> dict[str, dict]:
    """Requests, bytes transferred (compressed) and bytes decoded for each page, cold."""
    weights = {}
    for path in paths:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        responses: list = []
        page.on("response", functools.partial(list.append, responses))
        page.goto(url + path, wait_until="networkidle")
        transferred = decoded = 0
        for response in responses:
            transferred += response.request.sizes()["responseBodySize"]
            decoded += len(response.body()) if response.status == 200 else 0
        weights[path or "/"] = {"requests": len(responses), "transferred": transferred,
                                "decoded": decoded}
        context.close()
    return weights


def lighthouse(url: str, runs: int = LIGHTHOUSE_RUNS) -> dict:
    """Lighthouse's desktop scores (0-100), median run; its failed accessibility audits."""
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report.json"
            subprocess.run([
                str(LIGHTHOUSE), url, "--preset=desktop", "--quiet",
                "--only-categories=performance,accessibility", "--output=json",
                f"--output-path={report}",
                "--skip-audits=screenshot-thumbnails,final-screenshot,full-page-screenshot",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ], check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True)
            results.append(json.loads(report.read_text(encoding="utf-8")))
    results.sort(key=lambda r: r["categories"]["performance"]["score"])
    result = results[len(results) // 2]
    performances = [round(r["categories"]["performance"]["score"] * 100) for r in results]
    categories = result["categories"]
    failed = [ref["id"] for ref in categories["accessibility"]["auditRefs"]
              if ref["weight"] and (result["audits"][ref["id"]]["score"] or 0) < 1]
    metrics = {key: result["audits"][key]["displayValue"]
               for key in ["first-contentful-paint", "largest-contentful-paint",
                           "total-blocking-time", "cumulative-layout-shift"]}
    return {"performance": round(categories["performance"]["score"] * 100),
            "performance of each run": performances,
            "accessibility": round(categories["accessibility"]["score"] * 100),
            "failed accessibility audits": failed, "metrics": metrics}


def kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB"


def main() -> None:
    from playwright.sync_api import sync_playwright

    results: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        site, caches = scratch / "site", scratch / "caches"
        cold = build(site, caches)
        warm = build(site, caches)
        results["build seconds"] = {"cold": round(cold, 2), "warm": round(warm, 2)}
        print("Site build, mkdocs build --strict")
        for label, seconds in [
                ("cold (empty figure, notebook and playground caches, fresh site/)", cold),
                ("warm rebuild (same caches and site/)", warm)]:
            print(f"  {label:66} {seconds:6.1f} s")

        empty = scratch / "empty"
        build(empty / "site", caches, config=empty_material_site(empty))
        url, server = serve(site)
        empty_url, empty_server = serve(empty / "site")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
                baseline = page_weights(browser, empty_url, [""])["/"]
                weights = page_weights(browser, url, pages_of(site))
                browser.close()
            results["page weight"] = {"empty Material page": baseline, **weights}
            print("\nPage weight in chromium, every response, gzip as GitHub Pages serves")
            print(f"  {'page':28} {'requests':>8} {'transferred':>12} {'decoded':>11}"
                  f" {'over the empty page':>20}")
            for name, weight in [("(empty Material page)", baseline), *weights.items()]:
                extra = weight["transferred"] - baseline["transferred"]
                print(f"  {name:28} {weight['requests']:8} {kib(weight['transferred']):>12}"
                      f" {kib(weight['decoded']):>11} {'+' + kib(extra):>20}")

            if not LIGHTHOUSE.exists():
                print("\nLighthouse: not installed (run `npm ci`); skipped")
            else:
                print(f"\nLighthouse 12.2.3, desktop preset, median of {LIGHTHOUSE_RUNS} runs "
                      f"(targets: performance >= {PERFORMANCE_TARGET}, "
                      f"accessibility {ACCESSIBILITY_TARGET})")
                results["lighthouse"] = {}
                for path in chapter_pages(site):
                    scores = lighthouse(url + path)
                    results["lighthouse"][path or "/"] = scores
                    flag = "" if (scores["performance"] >= PERFORMANCE_TARGET and
                                  scores["accessibility"] >= ACCESSIBILITY_TARGET) else "  BELOW"
                    print(f"  {path or '/':28} performance {scores['performance']:3}"
                          f"  accessibility {scores['accessibility']:3}"
                          f"  LCP {scores['metrics']['largest-contentful-paint']:>6}"
                          f"  TBT {scores['metrics']['total-blocking-time']:>7}"
                          f"  CLS {scores['metrics']['cumulative-layout-shift']:>6}"
                          f"  (runs: {scores['performance of each run']}){flag}")
                    if scores["failed accessibility audits"]:
                        print(f"    failed: {', '.join(scores['failed accessibility audits'])}")
        finally:
            server.shutdown()
            empty_server.shutdown()

    out = ROOT / ".cache" / "bench" / "site.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\n(all figures in {out.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
