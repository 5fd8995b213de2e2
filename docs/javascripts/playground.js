// The playground: replay how a small MLP learns a data set in the plane.
//
// No model math happens here. mlp_edu.playground trains every setting at build
// time and sitebuild/playground.py writes each run as
// assets/playground/<setting>.json (the choices and every data set's points are
// in assets/playground/index.json). This script fetches the setting the reader
// picks and draws what its file holds: the decision regions and the points, the
// losses up to the chosen epoch, the network's weights and what each hidden unit
// outputs. Grids arrive quantised (a step k of `levels` stands for
// low + k (high - low) / (levels - 1)); unpacking them is all the arithmetic done.
//
// The setting and the epoch live in the page's address (?data=…&activation=…&
// width=…&rate=…&epoch=…): a choice adds a history entry, moving through the
// epochs replaces it, and back/forward restore the setting. Material's document$
// fires on the first load and after every instant navigation, so a widget
// arriving with a new page is set up too. The widget speaks the page's language:
// its labels come with the markup, the sentences written here come in its
// data-text-* attributes (sitebuild/playground.py, SCRIPT_TEXT).
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var DIR = "assets/playground/";
  var CHOICES = ["data", "activation", "width", "rate"];
  var FRAME_MS = 400; // how long each recorded epoch is shown while playing
  var ANNOUNCE_DELAY = 400; // ms: a held arrow key announces where it stops
  var MINUS = "\u2212";
  var siteRoot = new URL("..", document.currentScript.src);
  var index = null; // the promise of index.json, fetched once for all pages
  var runs = {}; // setting name -> the promise of its JSON
  var widgets = []; // the widgets set up so far (some may be gone with their page)

  function fetchJSON(name) {
    return fetch(new URL(DIR + name, siteRoot)).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText + ": " + name);
      return response.json();
    });
  }

  function loadIndex() {
    if (index === null) {
      index = fetchJSON("index.json");
      index.catch(function () { index = null; }); // a later page may try again
    }
    return index;
  }

  function loadRun(name) {
    if (!(name in runs)) {
      runs[name] = fetchJSON(name + ".json");
      runs[name].catch(function () { delete runs[name]; });
    }
    return runs[name];
  }

  function settingName(state) {
    return [state.data, state.activation, state.width, state.rate].join("-");
  }

  // The widget's sentence `key` (a data-text-* attribute) with {names} filled in.
  function say(root, key, values) {
    var template = root.getAttribute("data-text-" + key) || "";
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? values[name] : whole;
    });
  }

  function show(value, digits) {
    var text = value.toFixed(digits);
    if (/^-0\.?0*$/.test(text)) text = text.slice(1);
    return text.replace("-", MINUS);
  }

  // `digits` decimals, or three significant digits once a number has grown huge.
  function showBig(value, digits) {
    if (Math.abs(value) < 1000) return show(value, digits);
    return value.toPrecision(3).replace("+", "").replace("-", MINUS);
  }

  function showLoss(value) {
    return showBig(value, 3);
  }

  function svgElement(name, attributes, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function unpack(base64) {
    var text = atob(base64);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  // A CSS colour of the widget as [r, g, b]: the browser resolves it on a 1-pixel canvas.
  var probe = null;
  function rgb(root, property) {
    var value = getComputedStyle(root).getPropertyValue(property).trim();
    if (!probe) {
      probe = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
      probe.canvas.width = probe.canvas.height = 1;
    }
    probe.clearRect(0, 0, 1, 1);
    probe.fillStyle = "#000";
    probe.fillStyle = value;
    probe.fillRect(0, 0, 1, 1);
    var pixel = probe.getImageData(0, 0, 1, 1).data;
    return [pixel[0], pixel[1], pixel[2]];
  }

  function mix(from, to, amount) {
    return [0, 1, 2].map(function (k) { return Math.round(from[k] + (to[k] - from[k]) * amount); });
  }

  function css(colour) {
    return "rgb(" + colour.join(",") + ")";
  }

  // ---- the address --------------------------------------------------------------

  // The setting and epoch the address asks for; what it lacks or gets wrong, the default.
  function fromAddress(data) {
    var params = new URLSearchParams(location.search);
    var allowed = {
      data: data.datasets.map(function (d) { return d.name; }),
      activation: data.activations,
      width: data.widths.map(String),
      rate: data.rates,
    };
    var state = { epoch: null };
    CHOICES.forEach(function (key) {
      var value = params.get(key);
      state[key] = allowed[key].indexOf(value) >= 0 ? value : String(data.default[key]);
    });
    var epoch = parseInt(params.get("epoch"), 10);
    if (!isNaN(epoch) && epoch >= 0) state.epoch = epoch;
    return state;
  }

  function toAddress(state) {
    var url = new URL(location.href);
    CHOICES.forEach(function (key) { url.searchParams.set(key, state[key]); });
    url.searchParams.set("epoch", state.epoch);
    return url.href;
  }

  // ---- one widget -----------------------------------------------------------------

  function setup(root, data) {
    var $ = function (selector) { return root.querySelector(selector); };
    var ui = $(".mlp-playground__ui");
    var selects = {};
    CHOICES.forEach(function (key) { selects[key] = $("select[data-choice=" + key + "]"); });
    var play = $(".mlp-playground__play");
    var slider = $(".mlp-playground__epoch");
    var epochValue = $(".mlp-playground__epoch-value");
    var plane = $(".mlp-playground__plane");
    var legend = $(".mlp-playground__legend");
    var chart = $(".mlp-playground__chart");
    var numbers = $(".mlp-playground__numbers");
    var network = $(".mlp-playground__network");
    var units = $(".mlp-playground__units");
    var messages = $(".mlp-playground__messages");
    var code = $(".mlp-playground__code code");
    var live = $(".mlp-playground__live");
    var datasets = {};
    data.datasets.forEach(function (d) { datasets[d.name] = d; });

    var state = fromAddress(data);
    var run = null; // the JSON of the setting shown
    var frames = []; // its frames, with their grids unpacked
    var frame = 0; // the index of the frame shown
    var timer = null, announceTimer = null, request = 0;
    root.setAttribute("data-path", location.pathname);

    function label(select) {
      return select.options[select.selectedIndex].textContent;
    }

    function className(dataset, k) {
      return dataset.classes[k].indexOf("class ") === 0
        ? say(root, "class", { k: k }) : dataset.classes[k];
    }

    // -- drawing ------------------------------------------------------------------

    function drawPlane(colours) {
      var dataset = datasets[run.setting.data];
      var current = frames[frame];
      var g = data.grid, size = plane.width, levels = data.levels - 1;
      var regions = document.createElement("canvas");
      regions.width = regions.height = g;
      var context = regions.getContext("2d");
      var image = context.createImageData(g, g);
      for (var i = 0; i < g * g; i++) {
        // The tint grows from a tie (faint) to certainty (strong).
        var tint = mix(colours.background, colours.classes[current.classes[i]],
                       0.05 + 0.35 * current.confidence[i] / levels);
        image.data.set([tint[0], tint[1], tint[2], 255], 4 * i);
      }
      context.putImageData(image, 0, 0);
      var draw = plane.getContext("2d");
      draw.imageSmoothingEnabled = true;
      draw.drawImage(regions, 0, 0, size, size);
      var scale = size / (2 * dataset.half_width);
      // Class 0 a circle, 1 a square, 2 a triangle: told apart by shape as well as colour.
      function point(p, filled) {
        var x = (p[0] + dataset.half_width) * scale, y = (dataset.half_width - p[1]) * scale;
        var r = filled ? 7 : 6.5;
        draw.beginPath();
        if (p[2] === 0) {
          draw.arc(x, y, r, 0, 2 * Math.PI);
        } else if (p[2] === 1) {
          draw.rect(x - 0.85 * r, y - 0.85 * r, 1.7 * r, 1.7 * r);
        } else {
          draw.moveTo(x, y - 1.1 * r);
          draw.lineTo(x + r, y + 0.75 * r);
          draw.lineTo(x - r, y + 0.75 * r);
          draw.closePath();
        }
        if (filled) {
          draw.fillStyle = css(colours.classes[p[2]]);
          draw.fill();
          draw.lineWidth = 1.5;
          draw.strokeStyle = css(colours.foreground);
        } else {
          draw.fillStyle = css(colours.background);
          draw.fill();
          draw.lineWidth = 3.5;
          draw.strokeStyle = css(colours.classes[p[2]]);
        }
        draw.stroke();
      }
      dataset.train.forEach(function (p) { point(p, true); });
      dataset.test.forEach(function (p) { point(p, false); });
      draw.lineWidth = 2;
      draw.strokeStyle = css(colours.border);
      draw.strokeRect(1, 1, size - 2, size - 2);
      var accuracy = run.accuracy.test[current.epoch];
      plane.setAttribute("aria-label", say(root, "plane", {
        epoch: current.epoch, data: label(selects.data),
        accuracy: say(root, "accuracy", accuracyValues(accuracy, dataset.test.length)),
      }));
      if (legend.getAttribute("data-for") !== dataset.name) drawLegend(dataset);
    }

    function drawLegend(dataset) {
      legend.textContent = "";
      legend.setAttribute("data-for", dataset.name);
      dataset.classes.forEach(function (name, k) {
        var item = document.createElement("span");
        item.className = "mlp-playground__key";
        var swatch = document.createElement("span");
        swatch.className = "mlp-playground__swatch mlp-playground__swatch--" + k;
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(className(dataset, k)));
        legend.appendChild(item);
      });
      [["train", "train-points"], ["test", "test-points"]].forEach(function (entry) {
        var item = document.createElement("span");
        item.className = "mlp-playground__key";
        var marker = document.createElement("span");
        marker.className = "mlp-playground__marker mlp-playground__marker--" + entry[0];
        item.appendChild(marker);
        item.appendChild(document.createTextNode(say(root, entry[1])));
        legend.appendChild(item);
      });
    }

    function accuracyValues(accuracy, total) {
      return { percent: Math.round(100 * accuracy), correct: Math.round(accuracy * total),
               total: total };
    }

    // Losses of every epoch up to the frame's, on axes fixed for the whole run.
    var BOX = { left: 56, top: 30, width: 292, height: 150 };
    function drawChart() {
      var epoch = frames[frame].epoch;
      var train = run.loss.train, test = run.loss.test;
      // The axis reaches the largest loss, or 8 times the first one for a run whose loss
      // grew out of all proportion (it then leaves the chart at the top).
      var start = Math.max(train[0], test[0]);
      var top = Math.min(Math.max.apply(null, train.concat(test)), 8 * start);
      var yMax = Math.max(top, 0.1) * 1.05;
      function sx(e) { return BOX.left + e / run.epochs * BOX.width; }
      function sy(v) { return BOX.top + (1 - Math.min(v, yMax * 1.2) / yMax) * BOX.height; }
      chart.textContent = "";
      var svg = svgElement("svg", { viewBox: "0 0 360 220", role: "img",
                                    class: "mlp-playground__chart-svg" }, chart);
      svg.setAttribute("aria-label", say(root, "chart", { epoch: epoch }));
      var clip = "mlp-playground-clip-" + Math.random().toString(36).slice(2);
      svgElement("rect", { x: BOX.left, y: BOX.top, width: BOX.width, height: BOX.height },
                 svgElement("clipPath", { id: clip }, svgElement("defs", {}, svg)));
      var axes = svgElement("g", { class: "mlp-playground__axes" }, svg);
      [0, 10, 20, 30, 40, 50].filter(function (e) { return e <= run.epochs; }).forEach(function (e) {
        svgElement("line", { class: "mlp-playground__grid", x1: sx(e), x2: sx(e), y1: BOX.top,
                             y2: BOX.top + BOX.height }, axes);
        svgElement("text", { class: "mlp-playground__tick", x: sx(e), y: BOX.top + BOX.height + 16,
                             "text-anchor": "middle" }, axes).textContent = e;
      });
      [0, yMax / 2, yMax].forEach(function (v) {
        svgElement("line", { class: "mlp-playground__grid", x1: BOX.left, x2: BOX.left + BOX.width,
                             y1: sy(v), y2: sy(v) }, axes);
        svgElement("text", { class: "mlp-playground__tick", x: BOX.left - 6, y: sy(v) + 4,
                             "text-anchor": "end" }, axes).textContent = show(v, v < 1 ? 2 : 1);
      });
      svgElement("text", { class: "mlp-playground__tick", x: BOX.left + BOX.width / 2, y: 216,
                           "text-anchor": "middle" }, axes).textContent = say(root, "epoch-axis");
      svgElement("text", { class: "mlp-playground__tick", x: 10, y: BOX.top + BOX.height / 2,
                           "text-anchor": "middle",
                           transform: "rotate(-90 10 " + (BOX.top + BOX.height / 2) + ")" },
                 axes).textContent = say(root, "loss");
      [["train", train], ["test", test]].forEach(function (entry) {
        var points = entry[1].slice(0, epoch + 1).map(function (v, e) {
          return (e ? "L" : "M") + sx(e).toFixed(2) + " " + sy(v).toFixed(2);
        });
        svgElement("path", { class: "mlp-playground__curve mlp-playground__curve--" + entry[0],
                             d: points.join(""), "clip-path": "url(#" + clip + ")" }, svg);
      });
      svgElement("line", { class: "mlp-playground__now", x1: sx(epoch), x2: sx(epoch),
                           y1: BOX.top, y2: BOX.top + BOX.height }, svg);
      if (run.diverged_at !== null && epoch === frames[frames.length - 1].epoch) {
        var x = sx(run.diverged_at);
        svgElement("text", { class: "mlp-playground__infinite", x: x, y: BOX.top + 14,
                             "text-anchor": "middle" }, svg).textContent = "\u221e";
      }
      // The key, above the plot: a loss that explodes runs up its top right corner.
      var key = svgElement("g", { class: "mlp-playground__chart-key" }, svg);
      [["train", "train-loss"], ["test", "test-loss"]].forEach(function (entry, column) {
        var x = BOX.left + column * 150, y = 10;
        svgElement("line", { class: "mlp-playground__curve mlp-playground__curve--" + entry[0],
                             x1: x, x2: x + 24, y1: y, y2: y }, key);
        svgElement("text", { class: "mlp-playground__label", x: x + 30, y: y + 4 }, key)
          .textContent = say(root, entry[1]);
      });
    }

    function drawNumbers() {
      var epoch = frames[frame].epoch;
      var dataset = datasets[run.setting.data];
      numbers.textContent = "";
      [["train-loss", showLoss(run.loss.train[epoch])], ["test-loss", showLoss(run.loss.test[epoch])],
       ["accuracy-label", say(root, "accuracy",
                              accuracyValues(run.accuracy.test[epoch], dataset.test.length))]]
        .forEach(function (entry) {
          var row = document.createElement("div");
          var term = document.createElement("dt");
          term.textContent = say(root, entry[0]);
          var value = document.createElement("dd");
          value.textContent = entry[1];
          row.appendChild(term);
          row.appendChild(value);
          numbers.appendChild(row);
        });
    }

    // Weights on the network diagram: line width by size, solid if positive, dashed if not.
    function drawNetwork() {
      var current = frames[frame];
      var dataset = datasets[run.setting.data];
      var width = current.W_h[0].length, outputs = current.W_o[0].length;
      var rows = Math.max(width, outputs, 2);
      var height = 24 + rows * 40;
      var column = [40, 190, 300];
      function y(k, count) { return height / 2 + (k - (count - 1) / 2) * 40; }
      network.textContent = "";
      var svg = svgElement("svg", { viewBox: "0 0 400 " + height, role: "img",
                                    class: "mlp-playground__network-svg" }, network);
      svg.setAttribute("aria-label", say(root, "network", { inputs: 2, width: width,
                                                            outputs: outputs }));
      var edges = svgElement("g", {}, svg);
      function edge(x1, y1, x2, y2, w) {
        svgElement("line", { x1: x1, y1: y1, x2: x2, y2: y2,
                             class: "mlp-playground__weight mlp-playground__weight--" +
                               (w > 0 ? "positive" : "negative"),
                             "stroke-width": (0.5 + 5.5 * Math.abs(w) / largestWeight).toFixed(2) },
                   edges);
      }
      current.W_h.forEach(function (row, i) {
        row.forEach(function (w, u) { edge(column[0], y(i, 2), column[1], y(u, width), w); });
      });
      current.W_o.forEach(function (row, u) {
        row.forEach(function (w, k) { edge(column[1], y(u, width), column[2], y(k, outputs), w); });
      });
      function node(x, yy, text, dead) {
        svgElement("circle", { cx: x, cy: yy, r: 14,
                               class: "mlp-playground__node" + (dead ? " mlp-playground__node--dead" : "") },
                   svg);
        svgElement("text", { x: x, y: yy + 4, "text-anchor": "middle",
                             class: "mlp-playground__node-label" }, svg).textContent = text;
      }
      ["x\u2081", "x\u2082"].forEach(function (text, i) { node(column[0], y(i, 2), text); });
      for (var u = 0; u < width; u++) {
        var dead = current.dead.indexOf(u) >= 0;
        node(column[1], y(u, width), dead ? "\u2715" : "h" + (u + 1), dead);
      }
      for (var k = 0; k < outputs; k++) {
        node(column[2], y(k, outputs), "o" + (k + 1));
        svgElement("text", { x: column[2] + 20, y: y(k, outputs) + 4,
                             class: "mlp-playground__label" }, svg).textContent = className(dataset, k);
      }
    }

    // Each hidden unit's output over the plane: hue by sign, strength by size.
    function drawUnits(colours) {
      var current = frames[frame];
      var g = data.hidden_grid, levels = data.levels - 1;
      var width = current.range.length;
      if (units.childElementCount !== width) {
        units.textContent = "";
        for (var u = 0; u < width; u++) {
          var figure = document.createElement("figure");
          figure.className = "mlp-playground__unit";
          var canvas = document.createElement("canvas");
          canvas.width = canvas.height = g;
          canvas.setAttribute("role", "img");
          var caption = document.createElement("figcaption");
          figure.appendChild(canvas);
          figure.appendChild(caption);
          units.appendChild(figure);
        }
      }
      Array.prototype.forEach.call(units.children, function (figure, u) {
        var low = current.range[u][0], high = current.range[u][1];
        var largest = Math.max(Math.abs(low), Math.abs(high)) || 1;
        var canvas = figure.querySelector("canvas");
        var context = canvas.getContext("2d");
        var image = context.createImageData(g, g);
        for (var i = 0; i < g * g; i++) {
          var value = low + current.hidden[u * g * g + i] * (high - low) / levels;
          var colour = mix(colours.background, value >= 0 ? colours.positive : colours.negative,
                           Math.abs(value) / largest);
          image.data.set([colour[0], colour[1], colour[2], 255], 4 * i);
        }
        context.putImageData(image, 0, 0);
        var dead = current.dead.indexOf(u) >= 0;
        figure.classList.toggle("mlp-playground__unit--dead", dead);
        var caption = figure.querySelector("figcaption");
        caption.textContent = "";
        var name = document.createElement("span");
        name.className = "mlp-playground__unit-name";
        name.textContent = say(root, "unit", { u: u + 1 }) +
          (dead ? " \u2715 " + say(root, "dead") : "");
        caption.appendChild(name);
        caption.appendChild(document.createTextNode(showBig(low, 2) + " \u2026 " +
                                                    showBig(high, 2)));
        canvas.setAttribute("aria-label", say(root, "unit-label", {
          u: u + 1, lo: showBig(low, 2), hi: showBig(high, 2) }) +
          (dead ? " " + say(root, "dead") : ""));
      });
    }

    function drawMessages() {
      var current = frames[frame];
      var last = run.loss.train.length - 1;
      var lines = [];
      if (run.setting.activation === "identity") lines.push(["identity", {}]);
      if (run.verdict === "diverged") {
        lines.push(["diverged", { epoch: run.diverged_at, last: run.diverged_at - 1 }]);
      } else if (run.verdict === "rose" || run.verdict === "stalled") {
        lines.push([run.verdict, { first: showLoss(run.loss.train[0]),
                                   last: showLoss(run.loss.train[last]), epochs: last }]);
      }
      if (current.dead.length) {
        lines.push(["dead-units", { units: current.dead.map(function (u) {
          return say(root, "unit", { u: u + 1 });
        }).join(", ") }]);
      }
      messages.textContent = "";
      lines.forEach(function (line) {
        var p = document.createElement("p");
        p.className = "mlp-playground__message mlp-playground__message--" + line[0];
        p.textContent = say(root, line[0], line[1]);
        messages.appendChild(p);
      });
    }

    function summary() {
      var epoch = frames[frame].epoch;
      var dataset = datasets[run.setting.data];
      return say(root, "summary", {
        data: label(selects.data), activation: label(selects.activation), width: state.width,
        rate: state.rate, epoch: epoch, epochs: run.epochs,
        train_loss: showLoss(run.loss.train[epoch]), test_loss: showLoss(run.loss.test[epoch]),
        accuracy: say(root, "accuracy", accuracyValues(run.accuracy.test[epoch],
                                                       dataset.test.length)),
      });
    }

    function announce(later) {
      window.clearTimeout(announceTimer);
      var text = summary() + " " + Array.prototype.map.call(messages.children, function (p) {
        return p.textContent;
      }).join(" ");
      if (later) {
        announceTimer = window.setTimeout(function () { live.textContent = text; }, ANNOUNCE_DELAY);
      } else {
        live.textContent = text;
      }
    }

    var largestWeight = 1;
    function colours() {
      return {
        background: rgb(root, "--mlp-playground-background"),
        foreground: rgb(root, "--mlp-playground-foreground"),
        border: rgb(root, "--mlp-playground-border"),
        classes: [0, 1, 2].map(function (k) { return rgb(root, "--mlp-playground-class-" + k); }),
        positive: rgb(root, "--mlp-playground-positive"),
        negative: rgb(root, "--mlp-playground-negative"),
      };
    }

    function draw() {
      if (!run) return;
      var scheme = colours();
      var epoch = frames[frame].epoch;
      slider.value = frame;
      var text = say(root, "epoch", { epoch: epoch, epochs: run.epochs });
      slider.setAttribute("aria-valuetext", text);
      epochValue.textContent = text;
      drawPlane(scheme);
      drawChart();
      drawNumbers();
      drawNetwork();
      drawUnits(scheme);
      drawMessages();
      showPlay();
      root.setAttribute("data-epoch", epoch);
    }

    // Play, Pause while playing, Replay at the last epoch.
    function showPlay() {
      play.textContent = say(root, timer !== null ? "pause"
        : frame === frames.length - 1 ? "replay" : "play");
    }

    // -- state --------------------------------------------------------------------

    // Show the frame of `epoch` (the last recorded one not after it), or the last frame.
    function frameOf(epoch) {
      if (epoch === null) return frames.length - 1;
      var found = 0;
      frames.forEach(function (f, k) { if (f.epoch <= epoch) found = k; });
      return found;
    }

    function writeAddress(push) {
      state.epoch = frames[frame].epoch;
      var address = toAddress(state);
      if (address === location.href) return;
      if (push) history.pushState(null, "", address);
      else history.replaceState(history.state, "", address);
    }

    // Load the setting in `state` (unless it is shown already) and show state.epoch.
    function apply(push) {
      CHOICES.forEach(function (key) { selects[key].value = state[key]; });
      var name = settingName(state);
      var mine = ++request;
      root.setAttribute("aria-busy", "true");
      return loadRun(name).then(function (loaded) {
        if (mine !== request) return; // a later choice has overtaken this one
        if (loaded !== run) {
          run = loaded;
          frames = run.frames.map(function (f) {
            return { epoch: f.epoch, classes: unpack(f.class), confidence: unpack(f.confidence),
                     hidden: unpack(f.hidden), range: f.range, W_h: f.W_h, W_o: f.W_o,
                     dead: f.dead };
          });
          largestWeight = 1e-9;
          run.frames.forEach(function (f) {
            f.W_h.concat(f.W_o).forEach(function (row) {
              row.forEach(function (w) { largestWeight = Math.max(largestWeight, Math.abs(w)); });
            });
          });
          slider.max = frames.length - 1;
          code.textContent = run.code;
          root.setAttribute("data-setting", name);
        }
        frame = frameOf(state.epoch);
        draw();
        if (push !== null) writeAddress(push);
        root.removeAttribute("aria-busy");
        announce(false);
      }).catch(function (error) { fail(root, error); });
    }

    function stop() {
      if (timer === null) return;
      window.clearInterval(timer);
      timer = null;
      showPlay();
      root.removeAttribute("data-playing");
      writeAddress(false);
      announce(false);
    }

    function step() {
      if (!root.isConnected) { window.clearInterval(timer); timer = null; return; }
      if (frame >= frames.length - 1) { stop(); return; }
      frame += 1;
      draw();
    }

    play.addEventListener("click", function () {
      if (!run) return;
      if (timer !== null) { stop(); return; }
      if (frame >= frames.length - 1) { frame = 0; draw(); }
      timer = window.setInterval(step, FRAME_MS);
      showPlay();
      root.setAttribute("data-playing", "yes");
    });

    slider.addEventListener("input", function () {
      if (!run) return;
      if (timer !== null) stop();
      frame = Math.max(0, Math.min(frames.length - 1, parseInt(slider.value, 10) || 0));
      draw();
      writeAddress(false);
      announce(true);
    });

    CHOICES.forEach(function (key) {
      selects[key].addEventListener("change", function () {
        stop();
        state[key] = selects[key].value;
        state.epoch = run ? frames[frame].epoch : null;
        apply(true);
      });
    });

    var widget = {
      root: root,
      // Back or forward to another entry of this page: show what its address says.
      restore: function () {
        stop();
        state = fromAddress(data);
        return apply(null);
      },
      redraw: draw,
    };
    widgets.push(widget);
    ui.hidden = false;
    return apply(null).then(function () {
      root.setAttribute("data-ready", "yes");
    });
  }

  function fail(root, error) {
    var note = document.createElement("p");
    note.className = "mlp-playground__error";
    note.textContent = say(root, "error", { error: error.message });
    root.appendChild(note);
    console.error("Playground: " + error.message);
  }

  function init(root) {
    if (root.hasAttribute("data-started")) return;
    root.setAttribute("data-started", "yes");
    loadIndex().then(function (data) { return setup(root, data); })
      .catch(function (error) { fail(root, error); });
  }

  // assets.js marks a widget data-mlp-wanted when the reader nears it, and tells
  // with the event mlp:wanted: set up those it has marked, and those it marks later.
  function initAll() {
    widgets = widgets.filter(function (w) { return w.root.isConnected; });
    document.querySelectorAll("[data-mlp-playground][data-mlp-wanted]").forEach(init);
  }

  document.addEventListener("mlp:wanted", function (event) {
    if (event.target.hasAttribute("data-mlp-playground")) init(event.target);
  });

  window.addEventListener("popstate", function () {
    widgets.forEach(function (w) {
      if (w.root.isConnected && w.root.getAttribute("data-path") === location.pathname) {
        w.restore();
      }
    });
  });

  // Material switches the colour scheme on <body>: draw the canvases in the new colours.
  new MutationObserver(function () {
    widgets.forEach(function (w) { if (w.root.isConnected) w.redraw(); });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

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
