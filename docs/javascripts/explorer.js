// The derivative explorer of section 1.2: move x, pick an activation, read f(x),
// f'(x) and see the tangent line at x on a plot of f.
//
// No math happens here. sitebuild.explorer evaluates every activation and its
// derivative on the slider's grid at build time (assets/explorer.json); this
// script only looks the numbers up and draws them as inline SVG. The widget's
// markup comes from sitebuild.explorer.explorer_html; Material's document$ fires
// on the first load and after every instant navigation, so a widget arriving
// with a new page is set up too.
//
// The widget speaks the page's language: its labels come with the markup, and the
// sentences this script writes come in the widget's data-text-* attributes (see
// sitebuild.explorer.SCRIPT_TEXT), with {placeholders} filled in here.
//
// Its state lives in the address, ?act=gelu&x=0.75, so a teacher can link "GELU at
// x = 0.75": the page opens there, a choice of activation (or a slider move, at most
// one a second) is a new history entry that back and forward return to, and an
// address the explorer cannot show (an unknown activation, an x off the slider) is
// said so above the plot while it shows its default instead.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var DATA_PATH = "assets/explorer.json";
  var WIDTH = 480, HEIGHT = 270;
  var BOX = { left: 46, top: 14, width: 420, height: 222 }; // the plot area, in SVG units
  var X_DIGITS = 2, VALUE_DIGITS = 4;
  var ANNOUNCE_DELAY = 250; // ms: a held arrow key announces where it stops, not every step
  var MINUS = "\u2212";
  var PARAM_ACTIVATION = "act", PARAM_X = "x"; // the address's ?act=NAME&x=NUMBER
  var PUSH_INTERVAL = 1000; // ms: slider moves closer together than this share one entry
  var clipCount = 0;
  var table = null; // the promise of the data, fetched once for all pages

  // The site's root: this script is javascripts/explorer.js under it. (Material's
  // config "base" is each language's home, where that language's search lives.)
  var siteRoot = new URL("..", document.currentScript.src);

  function load() {
    if (table === null) {
      table = fetch(new URL(DATA_PATH, siteRoot)).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      });
      table.catch(function () { table = null; }); // a later page may try again
    }
    return table;
  }

  // A number as the page shows it: fixed digits, no "-0.0000", a real minus sign.
  function show(value, digits) {
    var text = value.toFixed(digits);
    if (/^-0\.?0*$/.test(text)) text = text.slice(1);
    return text.replace("-", MINUS);
  }

  function tickLabel(value) {
    return show(value, 6).replace(/\.?0+$/, "");
  }

  // About `count` evenly spaced round numbers (1, 2 or 5 times a power of ten) in [lo, hi].
  function ticks(lo, hi, count) {
    var raw = (hi - lo) / count;
    var step = Math.pow(10, Math.floor(Math.log10(raw)));
    var ratio = raw / step;
    step *= ratio >= 7.5 ? 10 : ratio >= 3.5 ? 5 : ratio >= 1.5 ? 2 : 1;
    var values = [];
    for (var k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) values.push(k * step);
    return values;
  }

  function element(name, attributes, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function px(value) {
    return value.toFixed(3);
  }

  // The widget's sentence `key` (a data-text-* attribute) with {names} filled in.
  function say(root, key, values) {
    var template = root.getAttribute("data-text-" + key) || "";
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  // x as the address writes it: the grid value, plain ASCII, no trailing zeros ("0.75").
  function addressX(value) {
    return String(Number(value.toFixed(X_DIGITS)));
  }

  function setup(root, data) {
    var ui = root.querySelector(".mlp-explorer__ui");
    var notice = root.querySelector(".mlp-explorer__notice");
    var select = root.querySelector(".mlp-explorer__activation");
    var slider = root.querySelector(".mlp-explorer__x");
    var live = root.querySelector(".mlp-explorer__live");
    var out = {
      x: root.querySelector(".mlp-explorer__value-x"),
      f: root.querySelector(".mlp-explorer__value-f"),
      grad: root.querySelector(".mlp-explorer__value-grad"),
      nameF: root.querySelector(".mlp-explorer__name-f"),
      nameGrad: root.querySelector(".mlp-explorer__name-grad"),
    };
    var byName = {};
    data.activations.forEach(function (activation) { byName[activation.name] = activation; });
    var xs = data.x.values;
    var xMin = data.x.min, xMax = data.x.max;

    // The plot: axes, the curve of f, the tangent line at x and the point (x, f(x)).
    var clipId = "mlp-explorer-clip-" + ++clipCount;
    var svg = element("svg", {
      viewBox: "0 0 " + WIDTH + " " + HEIGHT, role: "img", class: "mlp-explorer__svg",
      "data-plot-box": [BOX.left, BOX.top, BOX.width, BOX.height].join(" "),
      "data-x-domain": xMin + " " + xMax,
    });
    var clip = element("clipPath", { id: clipId }, element("defs", {}, svg));
    element("rect", { x: BOX.left, y: BOX.top, width: BOX.width, height: BOX.height }, clip);
    var axes = element("g", { class: "mlp-explorer__axes" }, svg);
    var curve = element("path", { class: "mlp-explorer__curve", "clip-path": "url(#" + clipId + ")" }, svg);
    var drop = element("line", { class: "mlp-explorer__drop" }, svg);
    var tangent = element("line", { class: "mlp-explorer__tangent", "clip-path": "url(#" + clipId + ")" }, svg);
    var point = element("circle", { class: "mlp-explorer__point", r: 5 }, svg);
    var legend = element("g", { class: "mlp-explorer__legend" }, svg);
    root.querySelector(".mlp-explorer__plot").appendChild(svg);

    var current = null, yMin = 0, yMax = 1, timer = null;
    function sx(x) { return BOX.left + (x - xMin) / (xMax - xMin) * BOX.width; }
    function sy(y) { return BOX.top + (yMax - y) / (yMax - yMin) * BOX.height; }

    function drawActivation() {
      current = byName[select.value] || data.activations[0];
      var lo = Math.min(0, Math.min.apply(null, current.f));
      var hi = Math.max(0, Math.max.apply(null, current.f));
      var pad = 0.08 * (hi - lo || 1);
      yMin = lo - pad;
      yMax = hi + pad;
      svg.setAttribute("data-y-domain", yMin + " " + yMax);

      axes.textContent = "";
      ticks(xMin, xMax, 8).forEach(function (x) {
        element("line", { class: "mlp-explorer__grid", x1: px(sx(x)), x2: px(sx(x)),
                          y1: BOX.top, y2: BOX.top + BOX.height }, axes);
        element("text", { class: "mlp-explorer__tick", x: px(sx(x)), y: BOX.top + BOX.height + 18,
                          "text-anchor": "middle" }, axes).textContent = tickLabel(x);
      });
      ticks(yMin, yMax, 5).forEach(function (y) {
        element("line", { class: "mlp-explorer__grid", x1: BOX.left, x2: BOX.left + BOX.width,
                          y1: px(sy(y)), y2: px(sy(y)) }, axes);
        element("text", { class: "mlp-explorer__tick", x: BOX.left - 6, y: px(sy(y) + 4),
                          "text-anchor": "end" }, axes).textContent = tickLabel(y);
      });
      element("line", { class: "mlp-explorer__axis", x1: BOX.left, x2: BOX.left + BOX.width,
                        y1: px(sy(0)), y2: px(sy(0)) }, axes);
      element("line", { class: "mlp-explorer__axis", x1: px(sx(0)), x2: px(sx(0)),
                        y1: BOX.top, y2: BOX.top + BOX.height }, axes);

      curve.setAttribute("d", xs.map(function (x, i) {
        return (i ? "L" : "M") + px(sx(x)) + " " + px(sy(current.f[i]));
      }).join(""));

      legend.textContent = "";
      [["mlp-explorer__curve", current.label + "(x)"], ["mlp-explorer__tangent", say(root, "tangent", {})]]
        .forEach(function (entry, row) {
          var y = BOX.top + 14 + row * 22;
          element("line", { class: entry[0], x1: BOX.left + 10, x2: BOX.left + 34, y1: y, y2: y }, legend);
          element("text", { class: "mlp-explorer__label", x: BOX.left + 40, y: y + 4 }, legend)
            .textContent = entry[1];
        });
      out.nameF.textContent = current.label + "(x)";
      out.nameGrad.textContent = current.label + "\u2032(x)";
      update(false);
    }

    function update(announceLater) {
      var index = Math.round((parseFloat(slider.value) - xMin) / data.x.step);
      index = Math.max(0, Math.min(xs.length - 1, isNaN(index) ? 0 : index));
      var x = xs[index], y = current.f[index], slope = current.grad[index];
      var shown = { x: show(x, X_DIGITS), f: show(y, VALUE_DIGITS), grad: show(slope, VALUE_DIGITS) };

      // The tangent y = f(x) + f'(x) (t - x), drawn across the whole x range and clipped.
      tangent.setAttribute("x1", px(sx(xMin)));
      tangent.setAttribute("y1", px(sy(y + slope * (xMin - x))));
      tangent.setAttribute("x2", px(sx(xMax)));
      tangent.setAttribute("y2", px(sy(y + slope * (xMax - x))));
      point.setAttribute("cx", px(sx(x)));
      point.setAttribute("cy", px(sy(y)));
      drop.setAttribute("x1", px(sx(x)));
      drop.setAttribute("x2", px(sx(x)));
      drop.setAttribute("y1", px(sy(0)));
      drop.setAttribute("y2", px(sy(y)));

      out.x.textContent = shown.x;
      out.f.textContent = shown.f;
      out.grad.textContent = shown.grad;
      slider.setAttribute("aria-valuetext", "x = " + shown.x);
      var values = { f: current.label, lo: show(xMin, 0), hi: show(xMax, 0), x: shown.x,
                     y: shown.f, slope: shown.grad };
      svg.setAttribute("aria-label", say(root, "plot", values));
      var sentence = say(root, "live", values);
      window.clearTimeout(timer);
      if (announceLater) {
        timer = window.setTimeout(function () { live.textContent = sentence; }, ANNOUNCE_DELAY);
      } else {
        live.textContent = sentence;
      }
    }

    // --- the state in the address ---------------------------------------------------
    var defaults = { act: select.value, x: slider.value }; // what the markup starts with
    var page = window.location.pathname, lastPush = 0;

    function gridIndex(x) {
      return Math.max(0, Math.min(xs.length - 1, Math.round((x - xMin) / data.x.step)));
    }

    // Show what the address asks for; say what it asks for that cannot be shown.
    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      var act = params.get(PARAM_ACTIVATION), x = params.get(PARAM_X), problems = [];
      select.value = defaults.act;
      if (act !== null && byName[act]) {
        select.value = act;
      } else if (act !== null) {
        problems.push(say(root, "bad-activation",
                          { value: act, f: byName[defaults.act].label }));
      }
      slider.value = defaults.x;
      var number = x === null || x.trim() === "" ? NaN : Number(x);
      if (isFinite(number) && number >= xMin && number <= xMax) {
        slider.value = String(xs[gridIndex(number)]);
      } else if (x !== null) {
        problems.push(say(root, "bad-x", { value: x, lo: show(xMin, 0), hi: show(xMax, 0),
                                           x: show(parseFloat(defaults.x), X_DIGITS) }));
      }
      notice.textContent = problems.join(" ");
      notice.hidden = problems.length === 0;
      drawActivation();
    }

    // Write the shown state into the address: a new history entry or the current one.
    function toAddress(push) {
      var url = new URL(window.location.href);
      url.searchParams.set(PARAM_ACTIVATION, current.name);
      url.searchParams.set(PARAM_X, addressX(xs[gridIndex(parseFloat(slider.value))]));
      notice.hidden = true; // the reader has moved on from what the address asked for
      if (url.href === window.location.href) return;
      push = push && Date.now() - lastPush > PUSH_INTERVAL;
      try {
        if (push) {
          history.pushState(null, "", url.href);
          lastPush = Date.now();
        } else {
          history.replaceState(history.state, "", url.href);
        }
      } catch (error) { // an address the browser will not rewrite (some file:// pages)
        console.warn("Derivative explorer: could not update the address: " + error.message);
      }
    }

    function onHistory() {
      if (!document.contains(root)) { // instant navigation replaced the page
        window.removeEventListener("popstate", onHistory);
      } else if (window.location.pathname === page) {
        fromAddress();
      }
    }

    select.addEventListener("change", function () {
      drawActivation();
      lastPush = 0; // a new activation is always a step back can return from
      toAddress(true);
    });
    // The address follows a finished move (a key step, a released drag), not every
    // input event on the way, so back returns to where the move started.
    slider.addEventListener("input", function () { update(true); });
    slider.addEventListener("change", function () { update(true); toAddress(true); });
    window.addEventListener("popstate", onHistory);
    fromAddress();
    ui.hidden = false;
    root.setAttribute("data-ready", "yes");
  }

  function init(root) {
    if (root.hasAttribute("data-started")) return;
    root.setAttribute("data-started", "yes");
    load().then(function (data) { setup(root, data); }).catch(function (error) {
      var note = document.createElement("p");
      note.className = "mlp-explorer__error";
      note.textContent = say(root, "error", { error: error.message });
      root.appendChild(note);
      console.error("Derivative explorer: could not load " + DATA_PATH + ": " + error.message);
    });
  }

  // assets.js marks a widget data-mlp-wanted when the reader nears it (or the address
  // holds its state), and tells with the event mlp:wanted: set up those it has
  // marked, and those it marks later.
  function initAll() {
    document.querySelectorAll("[data-mlp-explorer][data-mlp-wanted]").forEach(init);
  }

  document.addEventListener("mlp:wanted", function (event) {
    if (event.target.hasAttribute("data-mlp-explorer")) init(event.target);
  });

  // Added by assets.js once the page is there: document$ hands a late subscriber
  // the current page.
  if (typeof document$ !== "undefined") {
    document$.subscribe(initAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
