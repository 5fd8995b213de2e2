"""What the playground costs the build, and what each setting costs a reader.

- Training every setting from an empty cache (a cold build's share): once with the
  build's fork pool, one process a core; and, side by side in the same run, a sample
  of settings one after the other in this process, for the pool's speed-up.
- Reading them back from a full cache (a warm build's share): the cache key (a fresh
  Python that imports mlp_edu.playground) and every file.
- Bytes: each setting's JSON and the index, raw and gzipped (as GitHub Pages serves
  them), against the budgets of 60 KiB gzipped a setting and 6 MiB for all.

Run from the repository root (``make bench`` runs every benchmark)::

    python -m benchmarks playground
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # sitebuild/ is not installed

from mlp_edu import playground  # noqa: E402
from sitebuild import playground as site_playground  # noqa: E402
from sitebuild.playground_data import DATA_DIR, setting_json  # noqa: E402

SAMPLE = 12  # settings trained one by one, for the pool's speed-up
PER_SETTING_BUDGET, TOTAL_BUDGET = 60 * 1024, 6 * 1024 * 1024


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the pool's workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main() -> None:
    settings = list(playground.settings())
    print(f"{len(settings)} settings: {len(playground.DATASETS)} data sets x "
          f"{len(playground.ACTIVATIONS)} activations x {len(playground.WIDTHS)} widths x "
          f"{len(playground.LEARNING_RATES)} learning rates, {playground.EPOCHS} epochs, "
          f"{len(playground.RECORDED_EPOCHS)} frames each; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "cache"
        start, cpu = time.perf_counter(), cpu_seconds()
        site_playground.playground_files(cache)
        cold, cold_cpu = time.perf_counter() - start, cpu_seconds() - cpu

        sample = settings[:: len(settings) // SAMPLE][:SAMPLE]
        start, cpu = time.perf_counter(), cpu_seconds()
        for setting in sample:
            setting_json(setting)
        serial_each = (time.perf_counter() - start) / len(sample)
        serial_cpu_each = (cpu_seconds() - cpu) / len(sample)

        site_playground.cache_key.cache_clear()  # a new build computes it again
        start = time.perf_counter()
        files = site_playground.playground_files(cache)
        warm = time.perf_counter() - start

    # Wall time depends on what else the machine runs; CPU time much less so.
    print(f"cold (train every setting, fork pool): {cold:.1f} s wall, {cold_cpu:.1f} s CPU "
          f"in all processes, {cold_cpu / len(settings) * 1000:.0f} ms CPU a setting")
    print(f"one by one in this process ({len(sample)} settings): "
          f"{serial_each * 1000:.0f} ms wall, {serial_cpu_each * 1000:.0f} ms CPU a setting; "
          f"{serial_each * len(settings):.1f} s wall for all, so the pool is "
          f"{serial_each * len(settings) / cold:.2f}x as fast")
    print(f"warm (cache key and every file from the cache): {warm:.2f} s; "
          f"cold/warm = {cold / warm:.0f}x")

    runs = {path: data for path, data in files.items() if not path.endswith("index.json")}
    zipped = {path: len(gzip.compress(data, 9)) for path, data in runs.items()}
    raw_total = sum(len(data) for data in runs.values())
    largest = max(zipped, key=zipped.get)
    total = sum(zipped.values())
    index = files[f"{DATA_DIR}/index.json"]
    print(f"settings: {raw_total / 2**20:.2f} MiB raw, {total / 2**20:.2f} MiB gzipped "
          f"(budget {TOTAL_BUDGET / 2**20:.0f} MiB); gzipped each: median "
          f"{statistics.median(zipped.values()) / 1024:.1f} KiB, largest "
          f"{zipped[largest] / 1024:.1f} KiB ({Path(largest).name}; budget "
          f"{PER_SETTING_BUDGET / 1024:.0f} KiB)")
    print(f"index.json: {len(index) / 1024:.1f} KiB raw, "
          f"{len(gzip.compress(index, 9)) / 1024:.1f} KiB gzipped; a reader's first visit "
          f"fetches it and one setting")


if __name__ == "__main__":
    main()
