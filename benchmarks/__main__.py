"""Run every benchmark in this folder: ``python -m benchmarks`` (what ``make bench`` does).

Each ``bench_*.py`` module here has a ``main()``; they run one after another, in
name order. Name some to run only those: ``python -m benchmarks site autograd``.
Options after the names go to the benchmarks named: ``python -m benchmarks site
--pages activations,zh/mlp`` (each benchmark's docstring lists its options).
A benchmark that fails is reported and the others still run; the exit status
says whether all of them finished.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path


def benchmarks(folder: Path = Path(__file__).parent) -> list[str]:
    """The benchmark modules in ``folder``, by name: ``["autograd", "site", ...]``."""
    return sorted(path.stem.removeprefix("bench_") for path in folder.glob("bench_*.py"))


def main(arguments: list[str]) -> int:
    first_option = next((i for i, a in enumerate(arguments) if a.startswith("-")),
                        len(arguments))
    names, options = arguments[:first_option], arguments[first_option:]
    available = benchmarks()
    unknown = sorted(set(names) - set(available))
    if unknown:
        print(f"no benchmark named {unknown}; there are {available}", file=sys.stderr)
        return 2
    if options and len(names) != 1:
        print("options go to one benchmark: name it first (python -m benchmarks site --pages /)",
              file=sys.stderr)
        return 2
    failed = []
    for name in names or available:
        print(f"\n=== benchmarks/bench_{name}.py ===", flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.bench_{name}")
            module.main(options) if options else module.main()
        except Exception:  # one broken benchmark does not hide the others' figures
            traceback.print_exc()
            failed.append(name)
        print(f"--- {name}: {time.perf_counter() - start:.1f} s", flush=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
