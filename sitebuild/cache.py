"""What the build's caches are keyed on: the source they were made from.

Figures and executed notebooks are kept between builds (``.cache/``) and made
again only when what made them changed: the package ``mlp_edu`` (its code and
its data) and, for figures, the code that renders them.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import matplotlib

import mlp_edu

PACKAGE_DIR = Path(mlp_edu.__file__).parent
SOURCE_SUFFIXES = {".py", ".csv", ".json", ".toml"}


def package_hash(*also: Path) -> str:
    """A hash of every source and data file in ``mlp_edu``, of the files ``also``, and of
    matplotlib's version.

    Any edit to the package changes it, so cached figures never go stale.

    >>> len(package_hash()), package_hash() == package_hash(Path(__file__))
    (16, False)
    """
    digest = hashlib.sha256(matplotlib.__version__.encode())
    files = [path for path in sorted(PACKAGE_DIR.rglob("*"))
             if path.is_file() and path.suffix in SOURCE_SUFFIXES]
    for path in [*files, *also]:
        digest.update(path.name.encode() if path in also
                      else path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def keep_only(cache_dir: Path, keep: str) -> None:
    """Remove every folder of ``cache_dir`` but ``keep``: the caches of older keys."""
    for old in Path(cache_dir).iterdir():
        if old.is_dir() and old.name != keep:
            shutil.rmtree(old, ignore_errors=True)  # a concurrent build may be using it
