"""The API reference: a link from each piece of included code to its module's entry.

``docs/api.md`` (and ``docs/api.zh.md``) document every module of ``mlp_edu``
from its docstrings with mkdocstrings; each module's entry has the module's
dotted name as its anchor (``api.md#mlp_edu.activations``). A page includes
the package's code with a ``--8<-- "mlp_edu/NAME.py:section"`` line in a code
fence; :func:`link_snippets` puts a link to that module's entry right below
the fence, in the page's language. Every page's footer links the reference too
(``overrides/partials/copyright.html``).
"""

from __future__ import annotations

import posixpath
import re

from sitebuild.i18n import page_language, t

__all__ = ["API_PAGE", "link_snippets", "module_of"]

API_PAGE = "api.md"
# A code fence (``` or ~~~, possibly indented) whose body includes a snippet of the
# package: the fence, then its lines up to the closing fence of the same indent.
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```|~~~)[^\n]*\n"
                    r"(?P<body>(?:.*\n)*?)(?P=indent)(?P=fence)[ \t]*$", re.MULTILINE)
_SNIPPET = re.compile(r'--8<-- "(?P<path>mlp_edu/[\w/]+\.py)(?::[^"]*)?"')


def module_of(path: str) -> str:
    """The dotted module name of a source file of the package.

    >>> module_of("mlp_edu/autograd/ops.py"), module_of("mlp_edu/autograd/__init__.py")
    ('mlp_edu.autograd.ops', 'mlp_edu.autograd')
    """
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def link_snippets(markdown: str, page_path: str) -> str:
    """Put, below each code fence that includes the package's code, a link to its module's
    entry in the API reference (in the page's language, relative to the page).

    >>> page = '```python\\n--8<-- "mlp_edu/init.py:inits"\\n```\\n'
    >>> print(link_snippets(page, "mlp.md"))
    ```python
    --8<-- "mlp_edu/init.py:inits"
    ```
    <BLANKLINE>
    [`mlp_edu.init` in the API reference](api.md#mlp_edu.init){ .mlp-api-link }
    <BLANKLINE>
    >>> print(link_snippets(page, "mlp.zh.md").strip().splitlines()[-1])
    [API 参考中的 `mlp_edu.init`](api.md#mlp_edu.init){ .mlp-api-link }
    """
    lang = page_language(page_path)
    # The same link in every language: mkdocs-static-i18n leads it to the page's own.
    target = posixpath.relpath(API_PAGE, posixpath.dirname(page_path) or ".")

    def one(fence: re.Match) -> str:
        modules = dict.fromkeys(module_of(m["path"]) for m in _SNIPPET.finditer(fence["body"]))
        if not modules:
            return fence[0]
        links = " · ".join(
            f"[{t('`{module}` in the API reference', lang).format(module=module)}]"
            f"({target}#{module}){{ .mlp-api-link }}" for module in modules)
        return f"{fence[0]}\n\n{fence['indent']}{links}\n"

    return _FENCE.sub(one, markdown)
