"""The playground page's figure: where training ends, with and without an activation.

The page's widget replays each setting; this figure shows, for readers without
JavaScript and on paper, the last frame of ten of those runs of
:func:`mlp_edu.playground.train_playground`: every data set, trained with no
activation and with ReLU, 8 hidden units, learning rate 1.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from mlp_edu.figures import register
from mlp_edu.i18n import t
from mlp_edu.playground import DATASETS, GRID, cached_run, plane_data

FIGURE_WIDTH, FIGURE_RATE = 8, 1.0
FIGURE_ACTIVATIONS = {"identity": "none (identity)", "relu": "ReLU"}
MARKERS = "os^"  # class 0, 1, 2: told apart by shape as well as colour
DATASET_TITLES = {"xor": "XOR", "circles": "two circles", "spiral": "spiral",
                  "blobs": "two blobs", "iris": "Iris petals"}


@register("playground_end", alt="Ten small square plots in five rows, one for each data set "
          "(XOR, two circles, spiral, two blobs and Iris petals), and two columns: a network "
          "with no activation on the left, a ReLU network on the right, both with 8 hidden "
          "units. Each plot shows the training and test points over regions coloured by the "
          "class the network predicts. On the left every boundary between two regions is a "
          "straight line; on the right the boundaries of XOR, the circles and the spiral bend "
          "around the classes.",
          caption="The end of training, epoch 50, for ten settings of the playground above "
          "(8 hidden units, learning rate 1). Filled markers: training points; rings: test "
          "points. The number in each plot is the test accuracy.",
          alt_zh="十幅小的方形图，排成五行，每行一个数据集（异或、两个圆、螺旋、两团点和鸢尾花瓣），"
          "两列：左列是没有激活函数的网络，右列是 ReLU 网络，都有 8 个隐藏单元。每幅图在按网络预测"
          "的类别着色的区域上画出训练样本和测试样本。左列中两个区域之间的每条边界都是直线；右列中"
          "异或、两个圆和螺旋的边界绕着各个类别弯曲。",
          caption_zh="训练结束（第 50 轮）时上方游乐场的十种设置（8 个隐藏单元，学习率 1）。"
          "实心标记：训练样本；圆环：测试样本。每幅图中的数字是测试准确率。")
def playground_end_figure() -> Figure:
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"][:3]  # one a class
    ink = plt.rcParams["text.color"]
    fig, axes = plt.subplots(len(DATASETS), len(FIGURE_ACTIVATIONS), figsize=(4.4, 10.2),
                             squeeze=False)
    for row, name in enumerate(DATASETS):
        data = plane_data(name)
        x1, x2 = (c.reshape(GRID, GRID) for c in data.grid(GRID).T)
        for column, (activation, title) in enumerate(FIGURE_ACTIVATIONS.items()):
            run = cached_run(name, activation, FIGURE_WIDTH, FIGURE_RATE)
            probabilities = run.frames[-1].probabilities
            ax = axes[row, column]
            for k, marker in zip(range(len(data.classes)), MARKERS, strict=False):
                # Class k's region: where its probability beats every other class's.
                others = np.delete(probabilities, k, axis=-1).max(axis=-1)
                ax.contourf(x1, x2, probabilities[..., k] - others, levels=[0, 1],
                            colors=[colours[k]], alpha=0.3)
                ax.scatter(*data.X_train[data.y_train == k].T, s=8, marker=marker,
                           color=colours[k], edgecolors=ink, linewidths=0.3)
                ax.scatter(*data.X_test[data.y_test == k].T, s=10, marker=marker,
                           facecolors="none", edgecolors=colours[k], linewidths=0.9)
            ax.text(0.97, 0.03, f"{run.test_accuracy[-1]:.2f}", transform=ax.transAxes,
                    ha="right", va="bottom", fontsize=8, color=ink)
            ax.set_xlim(x1.min(), x1.max())  # the centres of the outermost cells
            ax.set_ylim(x2.min(), x2.max())
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            ax.set_aspect("equal")
            if row == 0:
                ax.set_title(t(title), fontsize=10)
            if column == 0:
                ax.set_ylabel(t(DATASET_TITLES[name]), fontsize=10)
    fig.subplots_adjust(wspace=0.08, hspace=0.12)
    return fig
