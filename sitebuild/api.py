"""The API reference: a link from each piece of included code to its module's entry.

``docs/api/`` documents every module of ``mlp_edu`` from its docstrings with
mkdocstrings, a page per topic of the chapter (``api/network.md``: the network,
its loss and its training), each in both languages (``api/network.zh.md``);
``docs/api/index.md`` lists them. Each module's entry has the module's dotted
name as its anchor (``api/network.md#mlp_edu.mlp``). A page includes the
package's code with a ``--8<-- "mlp_edu/NAME.py:section"`` line in a code
fence; :func:`link_snippets` puts a link to that module's entry right below
the fence, in the page's language. Every page's footer links the reference too
(``overrides/partials/copyright.html``).
"""

from __future__ import annotations

import posixpath
import re
from functools import cache
from pathlib import Path

from sitebuild.i18n import page_language, t

__all__ = ["API_DIR", "link_snippets", "module_of", "module_pages"]

API_DIR = "api"  # the reference's pages, under docs/
DOCS = Path(__file__).resolve().parent.parent / "docs"
# A code fence (``` or ~~~, possibly indented) whose body includes a snippet of the
# package: the fence, then its lines up to the closing fence of the same indent.
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```|~~~)[^\n]*\n"
                    r"(?P<body>(?:.*\n)*?)(?P=indent)(?P=fence)[ \t]*$", re.MULTILINE)
_SNIPPET = re.compile(r'--8<-- "(?P<path>mlp_edu/[\w/]+\.py)(?::[^"]*)?"')
_DIRECTIVE = re.compile(r"^::: (?P<module>\S+)$", re.MULTILINE)


@cache
def module_pages(docs_dir: Path = DOCS) -> dict[str, str]:
    """Each documented module and the page of the reference that documents it
    (its English page: a ``::: module`` line in ``docs/api/NAME.md``).

    >>> module_pages()["mlp_edu.mlp"], module_pages()["mlp_edu.autograd.engine"]
    ('api/network.md', 'api/autograd.md')
    """
    pages = {}
    for page in sorted((docs_dir / API_DIR).glob("*.md")):
        if page.name.endswith(".zh.md"):
            continue
        for match in _DIRECTIVE.finditer(page.read_text(encoding="utf-8")):
            if match["module"] in pages:
                raise ValueError(f"{match['module']} is documented twice: "
                                 f"{pages[match['module']]} and {API_DIR}/{page.name}")
            pages[match["module"]] = f"{API_DIR}/{page.name}"
    return pages


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
    [`mlp_edu.init` in the API reference](api/network.md#mlp_edu.init){ .mlp-api-link }
    <BLANKLINE>
    >>> print(link_snippets(page, "mlp.zh.md").strip().splitlines()[-1])
    [API 参考中的 `mlp_edu.init`](api/network.md#mlp_edu.init){ .mlp-api-link }

    Code of a module the reference does not document stops the build:

    >>> link_snippets('```python\\n--8<-- "mlp_edu/nowhere.py"\\n```\\n', "mlp.md")
    Traceback (most recent call last):
    ValueError: mlp.md includes code of mlp_edu.nowhere, which no page of api/ documents
    """
    lang = page_language(page_path)
    pages = module_pages()

    def one(fence: re.Match) -> str:
        modules = dict.fromkeys(module_of(m["path"]) for m in _SNIPPET.finditer(fence["body"]))
        if not modules:
            return fence[0]
        for module in modules:
            if module not in pages:
                raise ValueError(f"{page_path} includes code of {module}, which no page of "
                                 f"{API_DIR}/ documents")
        # The same link in every language: mkdocs-static-i18n leads it to the page's own.
        links = " · ".join(
            f"[{t('`{module}` in the API reference', lang).format(module=module)}]"
            f"({posixpath.relpath(pages[module], posixpath.dirname(page_path) or '.')}"
            f"#{module}){{ .mlp-api-link }}" for module in modules)
        return f"{fence[0]}\n\n{fence['indent']}{links}\n"

    return _FENCE.sub(one, markdown)
