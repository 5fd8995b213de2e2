"""What the documentation build needs from the package, as plain functions.

``hooks/mkdocs_hooks.py`` is a thin adapter that calls these; keeping the logic
here means a move to another site generator is a change of adapter only.

- :func:`figure_files` renders every registered figure (light and dark SVG),
  cached on disk by a hash of the package's source so an unchanged package
  costs nothing on a rebuild.
- :func:`expand_figures` turns ``[[figure NAME]]`` lines on a page into the
  figure, its alt text, its caption and the code that drew it.
- :func:`katex_files` lists the self-hosted KaTeX files the site serves.
"""

from __future__ import annotations

import hashlib
import inspect
import posixpath
import re
import textwrap
from pathlib import Path

import matplotlib

import mlp_edu

FIGURE_DIR = "figures"  # where figures live in the built site
KATEX_DIR = "assets/vendor/katex"  # where KaTeX lives in the built site
SCHEMES = ("light", "dark")
PACKAGE_DIR = Path(mlp_edu.__file__).parent
# `[[figure NAME]]`, or `[[figure NAME open]]` to show the drawing code unfolded.
FIGURE_LINE = re.compile(r"^\[\[figure (?P<name>[\w-]+)(?P<open> open)?\]\]\s*$", re.MULTILINE)


def package_hash() -> str:
    """A hash of every source and data file in ``mlp_edu`` plus matplotlib's version.

    Any edit to the package changes it, so cached figures never go stale.
    """
    digest = hashlib.sha256(matplotlib.__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".json"}:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def figure_path(name: str, scheme: str) -> str:
    """The site path of one figure variant, e.g. ``figures/relu-dark.svg``."""
    return f"{FIGURE_DIR}/{name}-{scheme}.svg"


def figure_files(cache_dir: Path) -> dict[str, bytes]:
    """Every registered figure in both schemes, as ``{site path: SVG bytes}``.

    Rendered SVGs are kept in ``cache_dir/<package hash>/``; a figure is drawn
    again only when the package changed since it was last drawn.
    """
    from mlp_edu.figures import REGISTRY, render_svg

    folder = Path(cache_dir) / package_hash()
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for name in sorted(REGISTRY):
        for scheme in SCHEMES:
            cached = folder / f"{name}-{scheme}.svg"
            if not cached.exists():
                svg = render_svg(name, scheme)
                temporary = cached.with_suffix(".tmp")
                temporary.write_bytes(svg)
                temporary.replace(cached)  # atomic: a crash never leaves half a figure
            files[figure_path(name, scheme)] = cached.read_bytes()
    _drop_old_caches(Path(cache_dir), keep=folder.name)
    return files


def _drop_old_caches(cache_dir: Path, keep: str) -> None:
    for old in cache_dir.iterdir():
        if old.is_dir() and old.name != keep:
            for file in old.iterdir():
                file.unlink()
            old.rmdir()


def expand_figures(markdown: str, page_path: str) -> str:
    """Replace each ``[[figure NAME]]`` line with the figure's Markdown.

    The code that drew the figure follows it in a collapsible block, folded
    unless the line reads ``[[figure NAME open]]``.

    ``page_path`` is the page's source path relative to ``docs/`` (for
    relative links). An unknown name raises ``KeyError``, failing the build.

    >>> print(expand_figures("[[figure relu]]", "index.md"))  # doctest: +ELLIPSIS
    <figure markdown="span" class="mlp-figure" id="figure-relu">
    ![The ReLU function ...](figures/relu-light.svg#only-light)...
    """
    from mlp_edu.figures import REGISTRY

    def one(match: re.Match) -> str:
        name = match["name"]
        if name not in REGISTRY:
            raise KeyError(f"{page_path}: no figure named {name!r}; registered: {sorted(REGISTRY)}")
        spec = REGISTRY[name]
        here = posixpath.dirname(page_path)
        light, dark = (posixpath.relpath(figure_path(name, s), here or ".") for s in SCHEMES)
        alt = spec.alt.replace("[", "(").replace("]", ")")
        source = textwrap.indent(inspect.getsource(spec.draw).rstrip(), "    ")
        module_file = inspect.getsourcefile(spec.draw)
        shown_file = Path(module_file).relative_to(PACKAGE_DIR.parent).as_posix()
        return "\n".join([
            f'<figure markdown="span" class="mlp-figure" id="figure-{name}">',
            f"![{alt}]({light}#only-light)",
            f"![{alt}]({dark}#only-dark)",
            f"<figcaption>{spec.caption} Drawn by <code>{spec.qualname}()</code>.</figcaption>",
            "</figure>",
            "",
            f'???{"+" if match["open"] else ""} example "The code that drew this figure: `{spec.qualname}` in `{shown_file}`"',
            "",
            "    ```python",
            source,
            "    ```",
            "",
        ])

    return FIGURE_LINE.sub(one, markdown)


def katex_files(node_modules: Path) -> dict[str, bytes]:
    """The KaTeX files the site serves itself: script, stylesheet, woff2 fonts.

    They come from the npm package pinned in ``package-lock.json``.
    """
    dist = Path(node_modules) / "katex" / "dist"
    if not (dist / "katex.min.js").exists():
        raise FileNotFoundError(
            f"KaTeX is not installed at {dist}; run `make setup` (it runs `npm ci`)"
        )
    files = {
        f"{KATEX_DIR}/katex.min.js": (dist / "katex.min.js").read_bytes(),
        f"{KATEX_DIR}/katex.min.css": (dist / "katex.min.css").read_bytes(),
        f"{KATEX_DIR}/LICENSE": (dist.parent / "LICENSE").read_bytes(),
    }
    for font in sorted((dist / "fonts").glob("*.woff2")):
        files[f"{KATEX_DIR}/fonts/{font.name}"] = font.read_bytes()
    return files
