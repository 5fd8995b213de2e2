"""The Chinese pages use the glossary's terms, and none of their known wrong variants.

The glossary is a page in both languages (``glossary.md`` and ``glossary.zh.md``):
Markdown tables whose ``English`` column holds a term's English forms and whose
``中文`` column holds the one Chinese translation the site uses. In the English
column, forms are separated by `` / `` and a parenthesised part is an
abbreviation, e.g. ``multilayer perceptron (MLP)`` or
``forward pass / forward propagation``. In the Chinese column a full-width
parenthesis holds an accepted alternative, e.g. ``轮（迭代周期）``.

For every page that exists in both languages (``docs/X.md`` and ``X.zh.md``):

- each glossary term whose English form appears in the English page's prose
  (not in code, math, link targets or figure markers; case-insensitive, whole
  words, plurals and line breaks allowed) must appear in the Chinese page's
  prose at least once, in the glossary's Chinese form;
- no Chinese page may use a known wrong variant (``隐层`` for ``隐藏层``, ...).

Abbreviations neither require nor satisfy a term: "ReLU" and "tanh" stay as
they are on both sides, but a page that writes "rectified linear unit" must
say 修正线性单元.

The files are looked for where they will live, ``docs/``, and, while the
translations are staged, under ``translations/zh/`` (and the English glossary
under ``translations/en/``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
STAGED_ZH = ROOT / "translations" / "zh"
STAGED_EN = ROOT / "translations" / "en"

# The translations every glossary must keep (the project's fixed choices).
REQUIRED = {
    "hidden layer": "隐藏层", "hidden unit": "隐藏单元", "input layer": "输入层",
    "output layer": "输出层", "activation function": "激活函数",
    "multilayer perceptron": "多层感知机", "derivative": "导数", "gradient": "梯度",
    "backpropagation": "反向传播", "forward pass": "正向传播", "fully connected": "全连接",
    "weight": "权重", "bias": "偏差", "parameter": "参数", "hyperparameter": "超参数",
    "linear model": "线性模型", "affine transformation": "仿射变换", "nonlinear": "非线性",
    "rectified linear unit": "修正线性单元", "sigmoid function": "sigmoid 函数",
    "squashing function": "挤压函数", "hyperbolic tangent": "双曲正切", "elementwise": "按元素",
    "minibatch": "小批量", "stochastic gradient descent": "随机梯度下降",
    "loss function": "损失函数", "cross-entropy": "交叉熵", "softmax": "softmax",
    "computation graph": "计算图", "automatic differentiation": "自动微分",
    "vanishing gradient": "梯度消失", "exploding gradient": "梯度爆炸",
    "initialization": "初始化", "overfitting": "过拟合", "training set": "训练集",
    "test set": "测试集", "accuracy": "准确率", "epoch": "迭代周期", "learning rate": "学习率",
    "tensor": "张量", "broadcasting": "广播", "exercise": "练习", "solution": "解答",
    "notebook": "笔记本", "figure": "图", "summary": "小结",
}

# Known wrong variants, as regular expressions, and the term the glossary uses instead.
WRONG_VARIANTS = {
    "隐层": "隐藏层", "隐含层": "隐藏层", "隐单元": "隐藏单元", "隐含单元": "隐藏单元",
    "多层感知器": "多层感知机", "激励函数": "激活函数", "激活函式": "激活函数",
    "反向传递": "反向传播", "后向传播": "反向传播", "逆向传播": "反向传播",
    "前向传递": "正向传播", "偏置": "偏差", "权值": "权重",
    "全联接": "全连接", "全链接": "全连接", "超参(?!数)": "超参数",
    "线性整流单元": "修正线性单元", "整流线性单元": "修正线性单元", "逐元素": "按元素",
    "小批次": "小批量", "学习速率": "学习率", "梯度弥散": "梯度消失", "过度拟合": "过拟合",
    "自动求导": "自动微分", "正确率": "准确率", "纪元": "迭代周期", "习题": "练习",
}

# A page may use an English term in another sense than the glossary's: (page, term) -> why.
OTHER_SENSE = {
    ("modern-activations.md", "accuracy"): "numerical accuracy of erfc (精度), not a classifier's",
}

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>```|~~~).*?^(?P=indent)(?P=mark)[ \t]*$",
                   re.MULTILINE | re.DOTALL)
NOT_PROSE = [
    re.compile(r"`[^`\n]+`"),                           # inline code
    re.compile(r"\$\$.*?\$\$", re.DOTALL),              # display math
    re.compile(r"(?<![\\$])\$(?!\s)(?:\\.|[^\\$])+?(?<!\s)\$", re.DOTALL),  # inline math
    re.compile(r"\]\([^)\s]*\)"),                       # link targets
    re.compile(r"^[ \t]*\[\[[^\]\n]+\]\][ \t]*$", re.MULTILINE),  # [[figure ...]], [[explorer]]
    re.compile(r"\{[^}\n]*\}"),                         # attribute lists { #id }
    re.compile(r"<[^>\n]+>"),                           # HTML tags
]


def prose(markdown: str) -> str:
    """The text of a page a reader reads as prose: code, math, link targets etc. removed."""
    text = FENCE.sub(" ", markdown)
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


def squeeze(chinese: str) -> str:
    """Chinese text without whitespace and emphasis marks, for substring matching."""
    return re.sub(r"[\s*_]+", "", chinese)


@dataclass(frozen=True)
class Term:
    english: tuple[str, ...]  # forms that require the Chinese term
    chinese: tuple[str, ...]  # the Chinese term, then accepted alternatives

    def pattern(self) -> re.Pattern:
        forms = "|".join(r"[\s-]+".join(map(re.escape, form.split())) for form in self.english)
        return re.compile(rf"\b(?:{forms})(?:s|es)?\b", re.IGNORECASE)


def table_rows(markdown: str) -> list[dict[str, str]]:
    """Every row of every Markdown table in a text, as {header: cell}."""
    rows, header = [], None
    for line in markdown.splitlines():
        if not line.lstrip().startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not all(re.fullmatch(r":?-+:?", cell) for cell in cells):
            rows.append(dict(zip(header, cells, strict=False)))
    return rows


def strip_markup(cell: str) -> str:
    return re.sub(r"[*`]", "", cell).strip()


def parse_glossary(markdown: str) -> list[Term]:
    """The terms of a glossary page's tables (columns ``English`` and ``中文``)."""
    terms = []
    for row in table_rows(markdown):
        if "English" not in row or "中文" not in row:
            continue
        english = tuple(
            form for part in strip_markup(row["English"]).split(" / ")
            if (form := re.sub(r"\s*\([^)]*\)", "", part).strip())
        )
        chinese_cell = strip_markup(row["中文"])
        main = re.split(r"[（(]", chinese_cell, maxsplit=1)[0].strip()
        alternatives = [a.strip() for inside in re.findall(r"[（(]([^）)]*)[）)]", chinese_cell)
                        for a in re.split(r"[、，,/]", inside) if a.strip()]
        terms.append(Term(english, (main, *alternatives)))
    return terms


def problems(page: str, english_md: str, chinese_md: str, terms: list[Term]) -> list[str]:
    """What is wrong with a Chinese page against its English page; empty if nothing."""
    english, chinese = prose(english_md), squeeze(prose(chinese_md))
    found = []
    for term in terms:
        if (page, term.english[0]) in OTHER_SENSE or not term.pattern().search(english):
            continue
        if not any(squeeze(zh) in chinese for zh in term.chinese):
            found.append(f"{page}: the English page says {term.english[0]!r}, "
                         f"the Chinese page never says {term.chinese[0]!r}")
    for wrong, right in WRONG_VARIANTS.items():
        for match in re.finditer(wrong, chinese):
            context = chinese[max(0, match.start() - 8):match.end() + 8]
            found.append(f"{page}: wrong variant {match.group()!r} (use {right!r}) in …{context}…")
    return found


def located(name: str, *places: Path) -> Path | None:
    """The first of ``place / name`` that exists: docs/ first, then the staging folder."""
    return next((place / name for place in places if (place / name).is_file()), None)


def glossary_path() -> Path | None:
    return located("glossary.zh.md", DOCS, STAGED_ZH)


def page_pairs() -> list[tuple[str, Path, Path]]:
    """(page name, English page, Chinese page) for each page that exists in both languages."""
    english_pages = {p.name: p for p in DOCS.glob("*.md") if not p.name.endswith(".zh.md")}
    if "glossary.md" not in english_pages and (STAGED_EN / "glossary.md").is_file():
        english_pages["glossary.md"] = STAGED_EN / "glossary.md"
    pairs = []
    for name, english in sorted(english_pages.items()):
        chinese = located(name.removesuffix(".md") + ".zh.md", DOCS, STAGED_ZH)
        if chinese is not None:
            pairs.append((name, english, chinese))
    return pairs


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def terms() -> list[Term]:
    path = glossary_path()
    if path is None:
        pytest.skip("no glossary.zh.md in docs/ or translations/zh/ yet")
    return parse_glossary(read(path))


def test_glossary_keeps_the_fixed_translations(terms):
    by_english = {form.lower(): term for term in terms for form in term.english}
    for english, chinese in REQUIRED.items():
        assert english in by_english, f"glossary: no row for {english!r}"
        assert by_english[english].chinese[0] == chinese, (
            f"glossary: {english!r} must be {chinese!r}, not {by_english[english].chinese[0]!r}")
    assert len({term.english[0].lower() for term in terms}) == len(terms), "a term appears twice"


def test_glossary_pages_agree():
    """Both languages' glossaries list the same terms, translations and links."""
    chinese = glossary_path()
    english = located("glossary.md", DOCS, STAGED_EN)
    if chinese is None or english is None:
        pytest.skip("the glossary is not there in both languages yet")

    def rows(path):
        return [(row["English"], row["中文"], re.findall(r"\]\(([^)]*)\)", " ".join(row.values())))
                for row in table_rows(read(path))]
    assert rows(english) == rows(chinese)


def test_glossary_links_resolve(terms):
    """Every "introduced in" link names a page of the site, and an anchor it has."""
    path = glossary_path()
    for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#([^)\s]+))?\)", read(path)):
        page, anchor = target
        english = located(page, DOCS, STAGED_EN)
        assert english is not None, f"glossary links to a missing page {page}"
        if anchor:
            ids = re.findall(r"\{[^}]*#([\w-]+)[^}]*\}", read(english))
            assert anchor in ids, f"glossary links to {page}#{anchor}, which has no such id"


PAIRS = page_pairs()


@pytest.mark.parametrize("name, english, chinese", PAIRS, ids=[p[0] for p in PAIRS])
def test_chinese_page_uses_glossary_terms(terms, name, english, chinese):
    found = problems(name, read(english), read(chinese), terms)
    assert not found, "\n".join(found)


# The checker itself, on made-up pages: it must be able to fail.
TERMS = parse_glossary("""
| English | 中文 | Meaning |
|---|---|---|
| hidden layer | 隐藏层 | . |
| multilayer perceptron (MLP) | 多层感知机 | . |
| weight | 权重 | . |
| bias | 偏差 | . |
| epoch | 轮（迭代周期） | . |
| accuracy | 准确率 | . |
""")


def test_glossary_parser():
    assert TERMS[1] == Term(("multilayer perceptron",), ("多层感知机",))
    assert TERMS[4] == Term(("epoch",), ("轮", "迭代周期"))
    assert parse_glossary("| English | 中文 |\n|---|---|\n| forward pass / forward propagation"
                          " | 前向传播 |\n") == [Term(("forward pass", "forward propagation"),
                                                      ("前向传播",))]


@pytest.mark.parametrize("english, chinese, expected", [
    ("Two hidden layers.", "两个隐藏层。", []),
    ("Two hidden\nlayers.", "两个隐藏层。", []),  # a line break inside the term
    ("One hidden layer.", "一个隐含层。", ["never says '隐藏层'", "wrong variant '隐含层'"]),
    ("A multilayer perceptron.", "一个 MLP。", ["never says '多层感知机'"]),
    ("An MLP.", "一个 MLP。", []),  # an abbreviation requires nothing
    ("Its **Weights** and biases.", "它的权重和偏差。", []),
    ("Its weights and biases.", "它的权重和偏置。", ["never says '偏差'", "wrong variant '偏置'"]),
    ("A weighted sum.", "加权和。", []),  # whole words only
    ("Ten epochs.", "十个迭代周期。", []),  # an accepted alternative
    ("Ten epochs.", "十个周期。", ["never says '轮'"]),
    ("```pycon\n>>> hidden_layer = 1\n```\nSee `hidden layer` and $w_{bias}$.", "见代码。", []),
    ("[a link](hidden-layer.md), a figure:\n\n[[figure hidden layer]]\n", "一个链接，一个图：", []),
    ("The accuracy.", "准 确 率。", []),  # spaces inside the Chinese term do not matter
    ("The accuracy.", "*准确*率。", []),  # nor does emphasis
    ("Fine.", "超参的选择", ["wrong variant '超参'"]),
    ("Fine.", "超参数的选择", []),
])
def test_checker_on_made_up_pages(english, chinese, expected):
    found = problems("page.md", english, chinese, TERMS)
    assert len(found) == len(expected), found
    for message, fragment in zip(found, expected, strict=True):
        assert message.startswith("page.md: ") and fragment in message, (message, fragment)


def test_checker_knows_other_senses():
    english, chinese = "It keeps its accuracy.", "它保持精度。"
    assert problems("page.md", english, chinese, TERMS)
    assert not problems("modern-activations.md", english, chinese, TERMS)
