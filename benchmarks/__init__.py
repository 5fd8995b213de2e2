"""Timings of mlp_edu against plain numpy; run one with ``python -m benchmarks.<name>``."""
