"""The site build: what MkDocs needs besides the book, as plain functions.

This folder sits beside the package ``mlp_edu`` and is not installed with it:
a learner who installs ``mlp_edu`` gets the chapter, not the build. The thin
MkDocs adapter ``hooks/mkdocs_hooks.py`` calls these modules (it puts the
repository on ``sys.path``), so moving to another site generator is a change
of adapter only. One concern a module:

- :mod:`sitebuild.figures`: the figure registry (``figures.toml``: each
  figure's drawing function in ``mlp_edu.figures``, its alt text and caption
  in both languages), rendering to SVG, the cache, ``[[figure NAME]]`` lines.
- :mod:`sitebuild.katex`: the pages' math typeset at build time with the
  pinned KaTeX (one Node.js process), and the KaTeX files the site serves.
- :mod:`sitebuild.notebooks`: the notebooks in ``docs/notebooks/``.
- :mod:`sitebuild.printpage`: the footer's provenance and the one-page print
  version of the chapter.
- :mod:`sitebuild.explorer`: the derivative explorer on the 1.2 page.
- :mod:`sitebuild.i18n`: the languages of pages, the words the build writes
  (``words.toml``), the font for Chinese figure labels, pages in pairs.
- :mod:`sitebuild.search`: one search index per language.
- :mod:`sitebuild.cache`: what the caches of figures and notebooks are keyed on.
- :mod:`sitebuild.playground`, :mod:`sitebuild.playground_data`: the playground page,
  every setting trained and cached, one JSON file a setting, the widget's markup.
- :mod:`sitebuild.parallel`: build work spread over the cores (forked processes).
- :mod:`sitebuild.offline`: the offline edition, opened from disk (``make offline``).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository
