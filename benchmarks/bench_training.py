"""Time training the chapter's 4-5-3 network on Iris, per activation.

Training time is measured here, never asserted in a test: these machines are
shared and noisy. Prints the median of several runs and the accuracy reached.
"""

from __future__ import annotations

import statistics

from mlp_edu.training import train

REPEATS = 7


def main() -> None:
    for activation in ("relu", "sigmoid", "tanh"):
        train(activation)  # warm-up: imports, caches, BLAS threads
        runs = [train(activation) for _ in range(REPEATS)]
        seconds = statistics.median(r.seconds for r in runs)
        accuracy = runs[-1].history.test_accuracy[-1]
        print(f"train 4-5-3 on Iris ({activation}): {seconds * 1000:.0f} ms median of "
              f"{REPEATS}, test accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
