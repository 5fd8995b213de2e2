// The step-through of the page "Forward and backward propagation": one flower's values
// flow up the 4-5-3 diagram, then its gradients flow back down, one step at a time.
//
// No math happens here. sitebuild.stepthrough computes every number with
// mlp_edu.backprop at build time (assets/stepthrough.json), including what each row
// of the diagram shows at each step; this script looks the numbers up, writes them
// with a fixed number of digits, and highlights the arrows a step uses. The markup
// (diagram, buttons, each step's words in the page's language) comes from
// sitebuild.stepthrough.stepthrough_html; the sentences this script writes come in
// the widget's data-text-* attributes. Material's document$ fires on the first load
// and after every instant navigation, so a widget arriving with a new page is set up.
(function () {
  "use strict";

  var DATA_PATH = "assets/stepthrough.json";
  var MINUS = "\u2212";
  var table = null; // the promise of the data, fetched once for all pages
  // The site's root: this script is javascripts/stepthrough.js under it.
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

  // A number as the widget shows it: fixed digits, no "-0.00", a real minus sign.
  function show(value, digits) {
    var text = value.toFixed(digits);
    if (/^-0\.?0*$/.test(text)) text = text.slice(1);
    return text.replace("-", MINUS);
  }

  // The widget's sentence `key` (a data-text-* attribute) with {names} filled in.
  function say(root, key, values) {
    var template = root.getAttribute("data-text-" + key) || "";
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function cell(tag, text, scope) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (scope) node.setAttribute("scope", scope);
    return node;
  }

  function setup(root, data) {
    var ui = root.querySelector(".mlp-step__ui");
    var previous = root.querySelector(".mlp-step__previous");
    var next = root.querySelector(".mlp-step__next");
    var counter = root.querySelector(".mlp-step__counter");
    var live = root.querySelector(".mlp-step__live");
    var grid = root.querySelector(".mlp-step__table");
    var figure = root.querySelector(".mlp-step__figure");
    var texts = root.querySelectorAll("[data-step-text]");
    var edges = root.querySelectorAll(".mlp-step__edge");
    var steps = data.steps;
    var digits = data.digits;
    var current = 0;

    function drawTable(step) {
      grid.textContent = "";
      var head = document.createElement("thead");
      var headRow = document.createElement("tr");
      headRow.appendChild(cell(step.table.corner ? "th" : "td", step.table.corner));
      step.table.columns.forEach(function (name) { headRow.appendChild(cell("th", name, "col")); });
      head.appendChild(headRow);
      var body = document.createElement("tbody");
      step.table.rows.forEach(function (row) {
        var line = document.createElement("tr");
        line.appendChild(cell("th", row.label, "row"));
        row.values.forEach(function (value) { line.appendChild(cell("td", show(value, digits.table))); });
        body.appendChild(line);
      });
      if (step.scalar) {
        var extra = document.createElement("tr");
        extra.appendChild(cell("th", step.scalar.label, "row"));
        var value = cell("td", show(step.scalar.value, digits.table));
        value.colSpan = step.table.columns.length;
        value.className = "mlp-step__scalar";
        extra.appendChild(value);
        body.appendChild(extra);
      }
      grid.appendChild(head);
      grid.appendChild(body);
      // A table wider than the screen scrolls: then the keyboard must be able to reach it.
      var wrap = grid.parentElement;
      if (wrap.scrollWidth > wrap.clientWidth) wrap.setAttribute("tabindex", "0");
      else wrap.removeAttribute("tabindex");
    }

    function spoken(step) {
      if (step.edges) {
        var count = 0;
        step.table.rows.forEach(function (row) { count += row.values.length; });
        return say(root, "entries", { count: count });
      }
      var parts = [];
      step.table.rows.forEach(function (row) {
        row.values.forEach(function (value, i) {
          var name = row.values.length > 1 ? step.table.columns[i] : row.label;
          parts.push(name + " = " + show(value, digits.table));
        });
      });
      if (step.scalar) parts.push(step.scalar.label + " = " + show(step.scalar.value, digits.table));
      return parts.join(", ") + ".";
    }

    function go(index, announce) {
      current = Math.max(0, Math.min(steps.length - 1, index));
      var step = steps[current];
      root.setAttribute("data-step", String(current));
      root.setAttribute("data-direction", step.direction);

      // Each row of the diagram shows the latest quantity of its layer, as the data says.
      root.querySelectorAll(".mlp-step__node").forEach(function (node) {
        var row = step.rows[node.getAttribute("data-layer")];
        var index = Number(node.getAttribute("data-index"));
        node.querySelector(".mlp-step__value").textContent =
          row ? show(row.values[index], digits.nodes) : "";
        node.classList.toggle("mlp-step__node--filled", Boolean(row));
      });
      root.querySelectorAll(".mlp-step__symbol").forEach(function (label) {
        var row = step.rows[label.getAttribute("data-layer")];
        label.textContent = row ? row.symbol : "";
      });

      // The arrows the step uses; for a weight's gradient, each arrow's size and sign.
      edges.forEach(function (edge) {
        var group = edge.getAttribute("data-group");
        edge.removeAttribute("style");
        edge.setAttribute("class", "mlp-step__edge");
        if (step.active.indexOf(group) >= 0) {
          edge.classList.add("mlp-step__edge--active");
        }
        if (step.edges && step.edges.group === group) {
          var i = Number(edge.getAttribute("data-from"));
          var j = Number(edge.getAttribute("data-to"));
          var value = step.edges.values[i][j];
          var size = step.edges.sizes[i][j];
          edge.classList.add(value < 0 ? "mlp-step__edge--negative" :
                             value > 0 ? "mlp-step__edge--positive" : "mlp-step__edge--zero");
          edge.style.strokeWidth = (0.75 + 5 * size).toFixed(2) + "px";
        }
      });

      texts.forEach(function (text) {
        text.hidden = Number(text.getAttribute("data-step-text")) !== current;
      });
      drawTable(step);
      var numbers = { step: current + 1, steps: steps.length };
      counter.textContent = say(root, "counter", numbers);
      previous.disabled = current === 0;
      next.disabled = current === steps.length - 1;
      if (!announce) return; // the first step is on the page already: nothing to announce
      var title = texts[current].getAttribute("data-title");
      live.textContent = say(root, "live", {
        step: numbers.step, steps: numbers.steps, direction: say(root, step.direction, {}),
        title: title, values: spoken(step),
      });
    }

    // A button that has just become disabled would drop the focus: hand it to the other one.
    previous.addEventListener("click", function () {
      go(current - 1, true);
      if (previous.disabled) next.focus();
    });
    next.addEventListener("click", function () {
      go(current + 1, true);
      if (next.disabled) previous.focus();
    });
    root.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var moves = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0,
                    End: steps.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      go(moves[event.key], true);
      // A button that is now disabled would drop the focus: keep it on the diagram.
      if (document.activeElement && document.activeElement.disabled) figure.focus();
    });
    ui.hidden = false;
    go(0, false);
    root.setAttribute("data-ready", "yes");
  }

  function init(root) {
    if (root.hasAttribute("data-started")) return;
    root.setAttribute("data-started", "yes");
    load().then(function (data) { setup(root, data); }).catch(function (error) {
      var note = document.createElement("p");
      note.className = "mlp-step__error";
      note.textContent = say(root, "error", { error: error.message });
      root.appendChild(note);
      console.error("Step-through: could not load " + DATA_PATH + ": " + error.message);
    });
  }

  // assets.js marks a widget data-mlp-wanted when the reader nears it, and tells
  // with the event mlp:wanted: set up those it has marked, and those it marks later.
  function initAll() {
    document.querySelectorAll("[data-mlp-stepthrough][data-mlp-wanted]").forEach(init);
  }

  document.addEventListener("mlp:wanted", function (event) {
    if (event.target.hasAttribute("data-mlp-stepthrough")) init(event.target);
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
