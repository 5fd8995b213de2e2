"""The package's doctests, shown as code in the API reference.

mlp_edu's docstrings put their examples (``>>>`` lines and what they print)
right in the text, often without a numpy-style ``Examples`` heading. Rendered
as Markdown, ``>>>`` would read as three nested quotes; this Griffe extension,
loaded by mkdocstrings (``mkdocs.yml``), fences each such run of lines as a
``pycon`` block first. An ``Examples`` section is left to Griffe, which reads
its doctests itself. Sphinx roles such as ``:func:`init_std``` become code,
``init_std``, as ``help()`` would show them.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

__all__ = ["DoctestsAsCode", "fence_doctests", "plain_roles"]

_UNDERLINE = re.compile(r"-{3,}")
_ROLE = re.compile(r":(?:func|meth|mod|class|data|attr|obj|exc):`(?P<tilde>~?)(?P<target>[^`]+)`")


def plain_roles(text: str) -> str:
    """Sphinx cross-reference roles as inline code (``~`` keeps the last name only).

    >>> plain_roles("see :func:`init_std` and :class:`~mlp_edu.mlp.MLP`")
    'see `init_std` and `MLP`'
    """
    return _ROLE.sub(lambda m: "`" + (m["target"].rsplit(".", 1)[-1] if m["tilde"]
                                      else m["target"]) + "`", text)


def fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines (from ``>>>`` to the next blank line) in a pycon fence.

    >>> fence_doctests("Adds.\\n\\n>>> 1 + 1\\n2\\n\\nDone.").splitlines()
    ['Adds.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'Done.']
    >>> section = "Examples\\n--------\\n>>> 1 + 1\\n2"
    >>> fence_doctests(section) == section  # Griffe reads this one itself
    True
    """
    lines, out, i, in_examples = text.split("\n"), [], 0, False
    while i < len(lines):
        line = lines[i]
        if line.strip() and i + 1 < len(lines) and _UNDERLINE.fullmatch(lines[i + 1].strip()):
            in_examples = line.strip() == "Examples"  # a numpy section heading
        if not in_examples and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            out += [f"{indent}```pycon", *block, f"{indent}```"]
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


class DoctestsAsCode(griffe.Extension):
    """Fences the doctests of every docstring as it is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = plain_roles(fence_doctests(obj.docstring.value))
