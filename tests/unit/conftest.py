"""The ``torch`` fixture of the tests that compare the package with PyTorch.

PyTorch is never a dependency of mlp_edu: without it those tests skip, saying
so, except under ``CI=true``, where they fail, so CI cannot pass unchecked.
"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="module")
def torch():
    try:
        import torch
    except ImportError as error:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI=true and PyTorch cannot be imported ({error}): the pages' "
                        "statements about PyTorch go unchecked (.ci/run installs torch==2.13.0)")
        pytest.skip(f"PyTorch is not installed ({error}); pip install torch==2.13.0 to check "
                    "what the pages say about it")
    return torch
