"""How fast the site builds, how heavy its pages are, and what Lighthouse says.

- Build time: ``mkdocs build --strict`` cold (empty figure and notebook caches,
  a fresh site folder); with ``--warm``, a warm rebuild too.
- Lighthouse 12.2.3 (npm, pinned), mobile preset (simulated slow 4G, 4x CPU)
  and desktop preset, served gzipped as GitHub Pages serves it, median of three
  runs: by default on six pages, one of each kind and the longest (SAMPLE_PAGES),
  so that ``make bench`` ends within ten minutes on 2 cores; ``--pages all`` on
  every page of both languages (not the printed pages, not the 404 page).
  An empty page built with the same Material theme settings is measured in the
  same rounds, side by side, so a busy machine shows in its numbers too.
  Targets: mobile performance >= 90, desktop >= 98, accessibility 100
  (measured once per page, mobile), CLS <= 0.02.
- Page weight: everything the page loads before interaction (Lighthouse's
  total-byte-weight, gzipped, mobile, median run), against its budget: twice
  the empty page, plus the page's own figures in the colour scheme shown (a
  notebook's plots are its figures), counted once (:func:`weight_budget`).

The median runs' diagnostics (main-thread work by kind, DOM size, render-blocking
resources, unused CSS, every request) go to ``.cache/bench/site.json``, every run
to ``.cache/bench/site-runs.jsonl`` as it ends; ``--diagnostics`` prints the
mobile ones.

Run from the repository root (``make bench`` runs every benchmark)::

    python -m benchmarks site                              # six pages (about 6 min)
    python -m benchmarks site --pages all                  # every page (about 35 min)
    python -m benchmarks site --pages activations,zh/mlp   # a few pages
    python -m benchmarks site --site site/ --pages notebooks/mlp --diagnostics

A page is named by its path (``activations``, ``zh/notebooks/mlp``; ``/`` and
``zh/`` the homes). ``--site DIR`` measures an already built site instead of
building one; ``--runs N`` changes the three runs.

Needs chromium (``MLP_EDU_CHROMIUM``, default ``/usr/bin/chromium``), Node.js
and ``npm ci`` (Lighthouse runs in ``benchmarks/lighthouse_runner.mjs``).
"""

from __future__ import annotations

import argparse
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

from sitebuild.printpage import PRINTED

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("MLP_EDU_CHROMIUM", "/usr/bin/chromium")
RUNNER = Path(__file__).resolve().parent / "lighthouse_runner.mjs"
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml")
MOBILE_TARGET, DESKTOP_TARGET, ACCESSIBILITY_TARGET, CLS_TARGET = 90, 98, 100, 0.02
PRESETS = ("mobile", "desktop")
# Lighthouse's scores vary from run to run (more so on a busy machine): each page
# is measured this many times and the median run reported, as Lighthouse advises.
LIGHTHOUSE_RUNS = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))
EMPTY = "(empty Material page)"
# What `make bench` measures, within its ten minutes on 2 cores (a Lighthouse run takes
# 5-13 s here, so every page three times in both presets takes about 35 minutes):
# one page of each kind, the longest of each, in both languages. `--pages all` for all.
SAMPLE_PAGES = "activations,backprop,api/network,notebooks/mlp,playground,zh/mlp"


def build(site: Path, caches: Path, config: Path | None = None) -> float:
    """Seconds for one ``mkdocs build --strict`` into ``site``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "MLP_EDU_FIGURE_CACHE": str(caches / "figures"),
           "MLP_EDU_NOTEBOOK_CACHE": str(caches / "notebooks"),
           "MLP_EDU_PLAYGROUND_CACHE": str(caches / "playground")}
    # Not --quiet: it hides the warnings that --strict turns into a failure.
    command = [sys.executable, "-P", "-m", "mkdocs", "build", "--strict",
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
    """Every page a reader opens, both languages: not the printed pages (the print
    page, the handout, the answer key: documents to print), not the 404 page."""
    printed = {Path(p.path).stem for p in PRINTED.values()}
    pages = []
    for path in sorted(site.rglob("index.html")):
        page = path.parent.relative_to(site).as_posix()
        page = "" if page == "." else page + "/"
        if (page.rstrip("/").rsplit("/", 1)[-1] in printed
                or page.startswith(("assets/", "search/"))):
            continue
        pages.append(page)
    return sorted(pages)  # the home first, then English, then zh/


def select_pages(available: list[str], names: str | None) -> list[str]:
    """The pages named in ``--pages`` (``activations,zh/mlp``, ``/`` the home), or all
    (``all``, or nothing named).

    >>> select_pages(["", "activations/", "zh/", "zh/mlp/"], "activations,zh/mlp,/")
    ['activations/', 'zh/mlp/', '']
    >>> select_pages(["", "zh/"], "nothing")
    Traceback (most recent call last):
    ...
    ValueError: --pages: no page 'nothing'; there are ['/', 'zh/']
    """
    if not names or names == "all":
        return available
    chosen = []
    for name in names.split(","):
        page = name.strip().strip("/")
        page = page + "/" if page else ""
        if page not in available:
            raise ValueError(f"--pages: no page {name!r}; there are "
                             f"{[p or '/' for p in available]}")
        chosen.append(page)
    return chosen


def figure_budget_bytes(site: Path, page: str) -> int:
    """Bytes of the figures ``page`` shows in the light scheme, as served (each file once):
    the chapter's SVG figures gzipped, a notebook's plots (PNG) as they are."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    sources = dict.fromkeys(re.findall(
        r'<img[^>]+src="([^"#]+(?:-light\.svg|/notebooks/figures/[^"/]+\.png))[#"]', html))
    return sum(len(gzip.compress(data, 6, mtime=0)) if source.endswith(".svg") else len(data)
               for source in sources for data in [(site / page / source).read_bytes()])


def weight_budget(empty_page_bytes: int, figure_bytes: int) -> int:
    """What a page may weigh: twice the empty Material page, plus its own figures.

    >>> weight_budget(66 * 1024, 0) // 1024, weight_budget(66 * 1024, 50 * 1024) // 1024
    (132, 182)
    """
    return 2 * empty_page_bytes + figure_bytes


class Lighthouse:
    """One Node.js process running Lighthouse with one Chrome; a request a line."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            ["node", str(RUNNER)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, encoding="utf-8", env={**os.environ, "CHROME_PATH": CHROMIUM})

    def run(self, url: str, preset: str, accessibility: bool = False) -> dict:
        request = {"url": url, "preset": preset, "accessibility": accessibility}
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"Lighthouse stopped while measuring {url}")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"Lighthouse failed on {url} ({preset}): {answer['error']}")
        return answer

    def close(self) -> None:
        self._process.stdin.close()
        self._process.wait(timeout=60)


def median_run(runs: list[dict]) -> dict:
    """The run with the median performance score (ties: the median LCP among them).

    A run without an LCP (Lighthouse saw no contentful paint) sorts as the slowest.
    """
    ordered = sorted(runs, key=lambda r: (r["performance"],
                                          -(r["metrics"]["lcp"] or float("inf"))))
    return ordered[len(ordered) // 2]


def measure(targets: dict[str, str], runs: int,
            log: Path | None = None) -> dict[str, dict[str, list[dict]]]:
    """Every target (name -> URL) in both presets, ``runs`` rounds, interleaved.

    Rounds go over all targets in turn, so a burst of load elsewhere on the
    machine touches the empty page as it touches the others. One run at a time:
    two at once share the CPU, and Lighthouse's simulated phone then scores
    every page lower (a side-by-side run of 9 pages: 48-87 against 59-93).
    Each run is appended to ``log`` (JSON lines) as it ends, so a run that fails
    loses nothing measured before it; a failed run is reported and left out.
    """
    results: dict[str, dict[str, list[dict]]] = {
        name: {preset: [] for preset in PRESETS} for name in targets}
    lighthouse = Lighthouse()
    try:
        for round_ in range(runs):
            for name, url in targets.items():
                for preset in PRESETS:
                    try:
                        answer = lighthouse.run(
                            url, preset, accessibility=round_ == 0 and preset == "mobile")
                    except RuntimeError as error:
                        print(f"  {name} ({preset}, round {round_ + 1}) failed: {error}",
                              flush=True)
                        continue
                    results[name][preset].append(answer)
                    if log:
                        with log.open("a", encoding="utf-8") as out:
                            out.write(json.dumps({"page": name, "preset": preset,
                                                  "round": round_ + 1, **answer}) + "\n")
            print(f"  round {round_ + 1}/{runs} done", flush=True)
    finally:
        lighthouse.close()
    return results


def summarise(name: str, runs: dict[str, list[dict]], budget: int | None) -> dict:
    mobile, desktop = median_run(runs["mobile"]), median_run(runs["desktop"])
    accessibility = next((r for r in runs["mobile"] if "accessibility" in r),
                         {"accessibility": None, "failedAccessibility": ["(its run failed)"]})
    dark_fetched = [r["url"] for r in mobile["requests"] if r["url"].endswith("-dark.svg")]
    return {
        "mobile": mobile["performance"], "desktop": desktop["performance"],
        "mobile runs": [r["performance"] for r in runs["mobile"]],
        "desktop runs": [r["performance"] for r in runs["desktop"]],
        "accessibility": accessibility["accessibility"],
        "failed accessibility audits": accessibility["failedAccessibility"],
        "lcp ms": round(mobile["metrics"]["lcp"]), "tbt ms": round(mobile["metrics"]["tbt"]),
        "cls": round(max(mobile["metrics"]["cls"], desktop["metrics"]["cls"]), 3),
        "dom elements": round(mobile["dom"]), "bytes": round(mobile["bytes"]),
        "budget bytes": budget, "dark figures fetched": dark_fetched,
        "median mobile run": mobile, "median desktop run": desktop,
    }


def verdict(row: dict) -> str:
    if row["budget bytes"] is None:  # the empty Material page: the reference, not a target
        return ""
    below = []
    if row["mobile"] < MOBILE_TARGET:
        below.append("mobile")
    if row["desktop"] < DESKTOP_TARGET:
        below.append("desktop")
    if row["accessibility"] is None or row["accessibility"] < ACCESSIBILITY_TARGET:
        below.append("a11y")
    if row["cls"] > CLS_TARGET:
        below.append("CLS")
    if row["budget bytes"] and row["bytes"] > row["budget bytes"]:
        below.append("weight")
    return "  BELOW: " + ",".join(below) if below else ""


def print_table(rows: dict[str, dict]) -> None:
    print(f"  {'page':26} {'mobile':>6} {'desktop':>7} {'a11y':>4} {'LCP s':>6} {'TBT ms':>6}"
          f" {'CLS':>5} {'DOM':>6} {'KiB':>5} {'budget':>6}  mobile runs / desktop runs")
    for name, row in rows.items():
        budget = f"{row['budget bytes'] / 1024:6.0f}" if row["budget bytes"] else "     -"
        print(f"  {name:26} {row['mobile']:6} {row['desktop']:7} {row['accessibility'] or '-':>4}"
              f" {row['lcp ms'] / 1000:6.1f} {row['tbt ms']:6} {row['cls']:5.3f}"
              f" {row['dom elements']:6} {row['bytes'] / 1024:5.0f} {budget}"
              f"  {row['mobile runs']} / {row['desktop runs']}{verdict(row)}")
        if row["failed accessibility audits"]:
            failed = ", ".join(row["failed accessibility audits"])
            print(f"    accessibility audits failed: {failed}")
        if row["dark figures fetched"]:
            fetched = len(row["dark figures fetched"])
            print(f"    dark-scheme figures fetched though hidden: {fetched}")


def print_diagnostics(rows: dict[str, dict]) -> None:
    for name, row in rows.items():
        run = row["median mobile run"]
        work = sorted(run["mainthread"].items(), key=lambda kv: -kv[1])
        print(f"\n  {name} (mobile, median run)")
        print("    main thread: " + ", ".join(f"{k} {v} ms" for k, v in work[:6]))
        if run["lcpElement"]:  # Lighthouse 12.2.3 cannot name it with Chromium 156's traces
            print(f"    LCP element: {run['lcpElement']}")
        for label, key in [("render-blocking", "renderBlocking"), ("unused CSS", "unusedCss")]:
            items = ", ".join(f"{i['url'].rsplit('/', 1)[-1] or i['url']}"
                              f" ({(i['bytes'] or 0) / 1024:.0f} KiB"
                              + (f", {i['ms']:.0f} ms" if i["ms"] else "") + ")"
                              for i in run[key])
            print(f"    {label}: {items or 'none'}")
        heavy = sorted(run["requests"], key=lambda r: -(r["bytes"] or 0))[:6]
        print(f"    requests: {len(run['requests'])}; heaviest: "
              + ", ".join(f"{r['url'].rsplit('/', 2)[-2:]} {(r['bytes'] or 0) / 1024:.0f} KiB"
                          for r in heavy))


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks site",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default=SAMPLE_PAGES,
                        help="comma-separated pages, e.g. activations,zh/mlp,/, or all "
                             f"(default: {SAMPLE_PAGES})")
    parser.add_argument("--site", type=Path, help="measure this built site; do not build")
    parser.add_argument("--runs", type=int, default=LIGHTHOUSE_RUNS)
    parser.add_argument("--warm", action="store_true", help="time a warm rebuild too")
    parser.add_argument("--diagnostics", action="store_true",
                        help="print each page's diagnostics (median mobile run)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    options = parse(argv)
    results: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        caches = scratch / "caches"
        if options.site:
            site = options.site.resolve()
        else:
            site = scratch / "site"
            cold = build(site, caches)
            results["build seconds"] = {"cold": round(cold, 2)}
            print("Site build, mkdocs build --strict")
            print(f"  cold (empty caches, fresh site/)      {cold:6.1f} s")
            if options.warm:
                warm = build(site, caches)
                results["build seconds"]["warm"] = round(warm, 2)
                print(f"  warm rebuild (same caches and site/)  {warm:6.1f} s")
        pages = select_pages(pages_of(site), options.pages)

        empty = scratch / "empty"
        build(empty / "site", caches, config=empty_material_site(empty))
        url, server = serve(site)
        empty_url, empty_server = serve(empty / "site")
        try:
            targets = {EMPTY: empty_url, **{page or "/": url + page for page in pages}}
            print(f"\nLighthouse 12.2.3, mobile and desktop presets, {len(pages)} pages and the "
                  f"empty page, median of {options.runs} runs, served gzipped", flush=True)
            start = time.perf_counter()
            log = ROOT / ".cache" / "bench" / "site-runs.jsonl"
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text("", encoding="utf-8")
            print(f"  (each run is logged to {log.relative_to(ROOT)} as it ends)", flush=True)
            measured = measure(targets, options.runs, log)
            seconds = time.perf_counter() - start
        finally:
            server.shutdown()
            empty_server.shutdown()

        empty_row = summarise(EMPTY, measured[EMPTY], None)
        rows = {EMPTY: empty_row}
        for page in pages:
            if not all(measured[page or "/"].values()):
                print(f"  {page or '/'}: no finished run in a preset; left out of the table")
                continue
            budget = weight_budget(empty_row["bytes"], figure_budget_bytes(site, page))
            rows[page or "/"] = summarise(page or "/", measured[page or "/"], budget)
    print(f"  ({seconds:.0f} s; targets: mobile >= {MOBILE_TARGET}, desktop >= {DESKTOP_TARGET},"
          f" accessibility {ACCESSIBILITY_TARGET}, CLS <= {CLS_TARGET}, weight <= budget ="
          " 2 x empty page + the page's light figures; LCP, TBT, DOM and KiB: mobile)")
    print_table(rows)
    if options.diagnostics:
        print_diagnostics(rows)
    results["lighthouse"] = rows
    out = ROOT / ".cache" / "bench" / "site.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\n(the median runs' diagnostics in {out.relative_to(ROOT)})")


if __name__ == "__main__":
    main(sys.argv[1:])
