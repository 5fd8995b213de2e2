"""The site's languages, and the words the build writes into figures and pages.

The site is English at ``/`` and Simplified Chinese at ``/zh/``: a page
``docs/NAME.md`` has its translation in ``docs/NAME.zh.md``. Prose is
translated in those files; this module translates what the package itself
writes: the words inside figures (axis labels, legends, titles, layer names),
the explorer's labels and the text the build puts around figures and notebooks.

Drawing code marks each English word for translation with :func:`t` and draws
as usual; whoever renders decides the language with :func:`language`:

>>> with language("zh"):
...     t("training loss")
'训练损失'
>>> t("training loss")  # English outside such a block
'training loss'
>>> t("Hidden layer {k}", "zh").format(k=2)
'隐藏层 2'

A string without a Chinese entry fails loudly, so a new English word cannot
slip into a Chinese figure unnoticed:

>>> t("no such words", "zh")
Traceback (most recent call last):
KeyError: "no 'zh' translation of 'no such words': add it to mlp_edu.i18n.ZH"
"""

from __future__ import annotations

import contextvars
import json
import os
import posixpath
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["LANGUAGES", "DEFAULT", "ZH", "language", "current", "t", "page_language",
           "site_prefix", "cjk_font"]

LANGUAGES = {"en": "English", "zh": "简体中文"}  # code: the name the switcher shows
DEFAULT = "en"  # served at the site's root; the others under /<code>/

# English -> Simplified Chinese. Terms are the site's glossary's (glossary.zh.md,
# checked by tests/test_glossary.py): 轮 for epoch, 准确率 for accuracy. Names
# (ReLU, sigmoid, Xavier, setosa) and code (x.grad, requires_grad) stay as they are.
ZH: dict[str, str] = {
    # Figures: section 1.1 and 1.3, the network diagrams.
    "Input layer": "输入层",
    "Hidden layer": "隐藏层",
    "Hidden layer {k}": "隐藏层 {k}",
    "Output layer": "输出层",
    # The computation graph on "What backward() does".
    "shape {shape}": "形状 {shape}",
    "a scalar": "标量",
    "leaf": "叶节点",
    "with x.grad.zero_()": "调用 x.grad.zero_()",
    "without x.grad.zero_()": "不调用 x.grad.zero_()",
    # Training on Iris.
    "training loss": "训练损失",
    "test accuracy": "测试准确率",
    "epoch": "轮",
    "petal length (cm)": "花瓣长度（cm）",
    "petal width (cm)": "花瓣宽度（cm）",
    "test flower": "测试样本",
    # Why ReLU won.
    "naive, std 0.01": "朴素初始化，标准差 0.01",
    "× 1/4 per layer": "每层 × 1/4",
    "layer l (1 = nearest the input)": "第 l 层（1 = 最靠近输入）",
    "depth (number of layers)": "深度（层数）",
    "layer l": "第 l 层",
    # Modern activations.
    "leaky ReLU (slope 0.1)": "leaky ReLU（斜率 0.1）",
    "activation(x)": "激活函数值",
    "derivative": "导数",
    # Around every figure on a page (mlp_edu.site.expand_figures).
    "Drawn by <code>{function}()</code>.": "由 <code>{function}()</code> 绘制。",
    'The code that drew this figure: `{function}` in `{file}`':
        "绘制此图的代码：`{file}` 中的 `{function}`",
    # The derivative explorer (mlp_edu.explorer and javascripts/explorer.js).
    "Activation": "激活函数",
    "Input x": "输入 x",
    "tangent at x": "x 处的切线",
    "Plot of {f}(x) for x from {lo} to {hi}. At x = {x} the function is {y} and its "
    "tangent line has slope {slope}.":
        "{f}(x) 在 x 从 {lo} 到 {hi} 上的图像。在 x = {x} 处，函数值为 {y}，"
        "切线斜率为 {slope}。",
    "x = {x}, {f}(x) = {y}, derivative {slope}": "x = {x}，{f}(x) = {y}，导数 {slope}",
    "The derivative explorer could not load its data ({error}).":
        "导数探索器未能加载数据（{error}）。",
    "The derivative explorer needs JavaScript. The same values, computed by "
    "<code>mlp_edu.activations</code>, are in the plots above and in the doctests on "
    "this page.":
        "导数探索器需要 JavaScript。同样的数值由 <code>mlp_edu.activations</code> "
        "计算，见上方的图像和本页的 doctest。",
    # The playground (mlp_edu.playground, mlp_edu.figures_playground, sitebuild/playground.py
    # and javascripts/playground.js, whose sentences come in the widget's data-text-*).
    "XOR": "异或",
    "two circles": "两个圆",
    "spiral": "螺旋",
    "two blobs": "两团点",
    "Iris petals": "鸢尾花瓣",
    "none (identity)": "无（恒等函数）",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "Data set": "数据集",
    "Hidden units": "隐藏单元数",
    "Learning rate": "学习率",
    "Epoch": "轮",
    "Play": "播放",
    "Pause": "暂停",
    "Replay": "重播",
    "Epoch {epoch} of {epochs}": "第 {epoch} 轮，共 {epochs} 轮",
    "class {k}": "类别 {k}",
    "unit {u}": "单元 {u}",
    "dead": "死亡",
    "test loss": "测试损失",
    "loss": "损失",
    "training point": "训练样本",
    "test point": "测试样本",
    "Decision regions of the network at epoch {epoch} on {data}, with the training points "
    "(filled) and the test points (rings). {accuracy}":
        "网络在第 {epoch} 轮时在“{data}”上的决策区域，以及训练样本（实心）和测试样本（圆环）。"
        "{accuracy}",
    "Training and test loss from epoch 0 to {epoch}.":
        "第 0 轮到第 {epoch} 轮的训练损失和测试损失。",
    "The network: {inputs} inputs, {width} hidden units, {outputs} outputs. Line width is the "
    "size of a weight; solid lines are positive, dashed negative.":
        "网络：{inputs} 个输入，{width} 个隐藏单元，{outputs} 个输出。线的粗细表示权重的大小；"
        "实线为正，虚线为负。",
    "Hidden unit {u}: its output over the plane, from {lo} to {hi}.":
        "隐藏单元 {u}：它在平面上的输出，从 {lo} 到 {hi}。",
    "{data}, {activation}, {width} hidden units, learning rate {rate}: epoch {epoch} of "
    "{epochs}. Training loss {train_loss}, test loss {test_loss}. Test accuracy {accuracy}.":
        "{data}，{activation}，{width} 个隐藏单元，学习率 {rate}：第 {epoch} 轮，共 {epochs} 轮。"
        "训练损失 {train_loss}，测试损失 {test_loss}。测试准确率 {accuracy}。",
    "{percent} % ({correct} of {total} test points)":
        "{percent} %（{total} 个测试样本中答对 {correct} 个）",
    "No activation: the network is one affine map in disguise, so the boundary between two "
    "classes is a straight line, however many hidden units it has.":
        "没有激活函数：网络其实只是一个仿射变换，所以两个类别之间的边界是一条直线，"
        "无论有多少个隐藏单元。",
    "Diverged: in epoch {epoch} the loss stopped being finite, and training stopped. The last "
    "finite network, of epoch {last}, is shown.":
        "发散：在第 {epoch} 轮中损失不再是有限值，训练就此停止。图中是最后一个有限的网络，"
        "即第 {last} 轮的网络。",
    "The training loss ended higher than it started: {first} at epoch 0, {last} at epoch "
    "{epochs}.":
        "训练损失最后比开始时还高：第 0 轮为 {first}，第 {epochs} 轮为 {last}。",
    "Stalled: in {epochs} epochs the training loss fell only from {first} to {last}.":
        "停滞：{epochs} 轮中训练损失只从 {first} 降到 {last}。",
    "Dead ReLU units (marked ✕): {units}. Their input is at most 0 for every training point, "
    "so they output 0 there and no gradient reaches their weights.":
        "死亡的 ReLU 单元（标记为 ✕）：{units}。它们的输入对每个训练样本都不大于 0，"
        "所以在这些样本上输出 0，也没有梯度能到达它们的权重。",
    "The playground could not load its data ({error}).": "游乐场未能加载数据（{error}）。",
    "The network. Weights: solid lines positive, dashed negative; the thicker, the larger.":
        "网络。权重：实线为正，虚线为负；线越粗，权重越大。",
    "What each hidden unit outputs over the plane: orange where positive, purple where "
    "negative, the stronger, the larger.":
        "每个隐藏单元在平面上的输出：橙色为正，紫色为负，颜色越深，绝对值越大。",
    "Reproduce this setting with mlp_edu": "用 mlp_edu 复现这一设置",
    "The playground needs JavaScript. The figure below shows what it shows at the end of "
    "training, drawn from the same runs of <code>mlp_edu.playground</code>.":
        "游乐场需要 JavaScript。下图显示训练结束时它显示的内容，由 <code>mlp_edu.playground</code> "
        "的同样的训练运行绘制。",
    # Notebook pages (mlp_edu.site.notebook_page).
    "Download this notebook (.ipynb)": "下载此笔记本（.ipynb）",
    "Back to {section}": "返回：{section}",
    "The companion Jupyter notebooks are in English only for now.":
        "配套的 Jupyter 笔记本目前只有英文版。",
    # The print page (mlp_edu.site.print_page_markdown).
    "The whole chapter on one page": "整章单页版",
    "Every section of the chapter on one page, with its figures and formulas, ready to "
    "print or save as PDF from your browser's print dialog (Ctrl+P, or Cmd+P on a Mac). "
    "Figures print in their light colours.":
        "本章的所有小节都在这一页上，包括图像和公式，可以直接打印，或在浏览器的打印对话框中"
        "（Ctrl+P，Mac 上为 Cmd+P）另存为 PDF。图像按浅色配色打印。",
    "Built from `mlp_edu` {version}, commit `{commit}`.":
        "由 `mlp_edu` {version} 构建，提交 `{commit}`。",
}
TRANSLATIONS = {"zh": ZH}
# Names that read the same in every language: t() returns them as they are.
NAMES = {"ReLU", "ELU", "softplus", "GELU", "SiLU", "Xavier", "He"}

_current: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT)


@contextmanager
def language(code: str) -> Iterator[None]:
    """Inside this block :func:`t` translates into ``code`` (``"en"`` or ``"zh"``).

    >>> with language("fr"):
    ...     pass
    Traceback (most recent call last):
    ValueError: language must be one of ['en', 'zh']; got 'fr'
    """
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)}; got {code!r}")
    token = _current.set(code)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> str:
    """The language set by the innermost :func:`language` block, else :data:`DEFAULT`."""
    return _current.get()


def t(text: str, lang: str | None = None) -> str:
    """``text`` (English) in ``lang``, by default the :func:`current` language."""
    lang = lang or current()
    if lang == DEFAULT or text in NAMES:
        return text
    try:
        return TRANSLATIONS[lang][text]
    except KeyError:
        raise KeyError(f"no {lang!r} translation of {text!r}: "
                       f"add it to mlp_edu.i18n.{lang.upper()}") from None


def page_language(src_path: str) -> str:
    """The language of a page from its path in ``docs/``: ``NAME.zh.md`` is Chinese.

    >>> page_language("activations.md"), page_language("activations.zh.md")
    ('en', 'zh')
    >>> page_language("notebooks/mlp.py")
    'en'
    """
    stem = posixpath.splitext(posixpath.basename(src_path))[0]
    suffix = posixpath.splitext(stem)[1].lstrip(".")
    return suffix if suffix in LANGUAGES else DEFAULT


def site_prefix(lang: str) -> str:
    """Where a language lives in the built site: ``""`` for English, ``"zh/"`` for Chinese.

    >>> site_prefix("en"), site_prefix("zh")
    ('', 'zh/')
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)}; got {lang!r}")
    return "" if lang == DEFAULT else f"{lang}/"



# Search, one language at a time. mkdocs-static-i18n writes one search index for
# the whole site, so a reader searching "sigmoid" got the English and the Chinese
# page mixed. Each language gets its own index under its home instead, and each
# page tells Material's scripts that its language's home is the "base" where
# search/search_index.json (and sitemap.xml) live.
SEARCH_INDEX = "search/search_index.json"
_CONFIG_BASE = re.compile(r'("base": )"[^"]*"')


def split_search_index(site_dir: Path) -> dict[str, int]:
    """Split the site's search index into one per language; return the entries of each.

    Entries under ``zh/`` go to ``zh/search/search_index.json`` with that prefix
    taken off their locations (which are relative to the index's home); the rest
    stay in the root index. Running it again changes nothing.

    >>> import json, tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> (site / "search").mkdir()
    >>> docs = [{"location": "a/", "text": "A"}, {"location": "zh/a/#x", "text": "甲"}]
    >>> _ = (site / SEARCH_INDEX).write_text(json.dumps({"config": {}, "docs": docs}))
    >>> split_search_index(site)
    {'en': 1, 'zh': 1}
    >>> json.loads((site / "zh" / SEARCH_INDEX).read_text())["docs"]
    [{'location': 'a/#x', 'text': '甲'}]
    >>> split_search_index(site)
    {'en': 1, 'zh': 1}
    """
    root = Path(site_dir) / SEARCH_INDEX
    index = json.loads(root.read_text(encoding="utf-8"))
    by_language = {lang: [] for lang in LANGUAGES}
    for doc in index["docs"]:
        lang = next((code for code in LANGUAGES
                     if code != DEFAULT and doc["location"].startswith(site_prefix(code))),
                    DEFAULT)
        by_language[lang].append({**doc, "location": doc["location"]
                                  .removeprefix(site_prefix(lang))})
    for lang, docs in by_language.items():
        path = Path(site_dir) / site_prefix(lang) / SEARCH_INDEX
        if lang != DEFAULT and not docs and path.is_file():
            continue  # split already: this language's entries are in its own index
        if lang == DEFAULT or docs:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({**index, "docs": docs}, ensure_ascii=False,
                                       separators=(",", ":")), encoding="utf-8")
    return {lang: len(json.loads((Path(site_dir) / site_prefix(lang) / SEARCH_INDEX)
                                 .read_text(encoding="utf-8"))["docs"])
            for lang in LANGUAGES}


def with_language_base(page_html: str, home_url: str) -> str:
    """Point the "base" of Material's page configuration at the language's home.

    ``home_url`` is that home relative to the page (``".."`` from ``zh/mlp/``).

    >>> with_language_base('<script id="__config">{"base": "../..", "x": 1}</script>', "..")
    '<script id="__config">{"base": "..", "x": 1}</script>'
    """
    start = page_html.find('id="__config"')
    if start < 0:
        return page_html
    end = page_html.index("</script>", start)
    return (page_html[:start] + _CONFIG_BASE.sub(rf'\g<1>"{home_url}"', page_html[start:end],
                                                  count=1) + page_html[end:])


# Chinese figure labels need a font with CJK glyphs. It comes from the npm
# package @expo-google-fonts/noto-sans-sc (SIL Open Font License), pinned in
# package-lock.json and installed by `npm ci` beside KaTeX; matplotlib turns the
# glyphs into paths, so a reader needs no font. MLP_EDU_CJK_FONT may name
# another .ttf/.otf file.
CJK_FONT_FILE = "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"
CJK_FONT_ENV = "MLP_EDU_CJK_FONT"


def cjk_font(node_modules: Path | None = None) -> Path:
    """The font file that draws Chinese figure labels.

    ``$MLP_EDU_CJK_FONT`` if set, else the Noto Sans SC file in ``node_modules``
    (by default the project's, beside this package).
    """
    if os.environ.get(CJK_FONT_ENV):
        path = Path(os.environ[CJK_FONT_ENV])
    else:
        node_modules = node_modules or Path(__file__).resolve().parent.parent / "node_modules"
        path = Path(node_modules) / CJK_FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"no font for Chinese figure labels at {path}; run `make setup` (it runs `npm ci`)"
            f" or point {CJK_FONT_ENV} at a .ttf/.otf font with CJK glyphs")
    return path
