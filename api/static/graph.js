// Draws a vis-network graph from JSON embedded in the page (partner maps, ecograms). Physics stays off: the
// positions are fixed by the server. Node details are written with textContent, never as HTML.
//
// The partner map (drawRings, data with bands) also gets: its ring bands and headings drawn on the canvas, a view
// that shows the map's whole width with labels at 12 px or more (the pane as tall as the map: the page scrolls), the
// page's zoom buttons, details in the page's language (labels embedded by the template), and a print view that fits
// one A4 page.
var MAP_MIN_SCALE = 0.9;  // the map's font is 14 canvas units: never under 12.6 px at the default view
var MAP_MAX_SCALE = 1.3;

var DETAIL_ORDER = ["type", "function", "organisation", "team_role", "group", "also_in_ring2", "scope", "expertise",
                    "kind", "topic", "agreement", "phone", "email", "last_verified"];

function mapLabels(labelsId) {
  var element = labelsId && document.getElementById(labelsId);
  return element ? JSON.parse(element.textContent) : null;
}

function detailRows(node, labels) {
  // [field name, value] pairs as the reader sees them: translated names, labels for codes, Dutch dates.
  var rows = [];
  var entries = Object.entries(node.details || {});
  if (labels) {  // the map's own order (the embedded JSON has its keys sorted); the name is the panel's heading
    entries = DETAIL_ORDER.filter(function (key) { return key in (node.details || {}); })
      .map(function (key) { return [key, node.details[key]]; });
  }
  entries.forEach(function (entry) {
    var key = entry[0], value = entry[1];
    if (value === null || value === "" || value === undefined || (Array.isArray(value) && !value.length)) { return; }
    if (!labels) { rows.push([key, String(value)]); return; }
    var kind = {type: "map", group: "group", also_in_ring2: "group", expertise: "expertise", scope: "scope"}[key];
    var codes = Array.isArray(value) ? value : [value];
    var text = codes.map(function (code) { return (kind && labels[kind] && labels[kind][code]) || String(code); });
    if (key === "last_verified" && /^\d{4}-\d{2}-\d{2}/.test(String(value))) {
      var date = new Date(String(value).slice(0, 10) + "T12:00:00");
      text = [date.toLocaleDateString(document.documentElement.lang || "nl",
                                      {day: "numeric", month: "short", year: "numeric"})];
    }
    rows.push([(labels.map_field && labels.map_field[key]) || key, text.join(", ")]);
  });
  return rows;
}

function plainLabel(node) {
  return (node.details && node.details.name) || String(node.label || "").replace(/<\/?b>/g, "").split("\n")[0]
    .replace(/&lt;/g, "<").replace(/&amp;/g, "&");
}

function drawBands(network, data, labels) {
  var boxes = [];
  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    ctx.strokeStyle = "#8796a8";
    ctx.lineWidth = 1.5;
    ctx.setLineDash([8, 6]);
    ["ring3", "ring2", "ring1"].forEach(function (key, index) {
      var b = data.bands[key];
      if (!b) { return; }
      ctx.fillStyle = ["#fbfcfd", "#f3f6f9", "#e9eef4"][index];
      ctx.beginPath();
      ctx.roundRect(b[0], b[1], b[2] - b[0], b[3] - b[1], 24);
      ctx.fill();
      ctx.stroke();
    });
    ctx.restore();
  });
  network.on("afterDrawing", function (ctx) {
    ctx.save();
    ctx.font = "bold 14px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    boxes.length = 0;
    (data.headings || []).forEach(function (heading) {
      var text = ((labels && labels.map && labels.map[heading.key]) || heading.text) + " (" + heading.count + ")";
      var width = ctx.measureText(text).width + 16, height = 26;
      var box = {key: heading.key, left: heading.x - width / 2, top: heading.y - height / 2, width: width,
                 height: height, text: text};
      ctx.fillStyle = "#0b2545";
      ctx.beginPath();
      ctx.roundRect(box.left, box.top, width, height, 6);
      ctx.fill();
      ctx.fillStyle = "#ffffff";
      ctx.fillText(text, heading.x, heading.y + 1);
      boxes.push(box);
    });
    ctx.restore();
  });
  return boxes;
}

function fitMap(network, container, data, width, height) {
  // The map's whole width in the pane, at a scale that keeps the labels legible; the pane as tall as the map.
  var b = data.bounds, margin = 12;
  var available = width || container.clientWidth;
  var scale = (available - 2 * margin) / (b[2] - b[0]);
  if (!height) { scale = Math.min(MAP_MAX_SCALE, Math.max(MAP_MIN_SCALE, scale)); }
  if (height) { scale = Math.min(scale, (height - 2 * margin) / (b[3] - b[1])); }
  var paneHeight = height || Math.ceil((b[3] - b[1]) * scale + 2 * margin);
  container.style.width = width ? width + "px" : "";
  container.style.height = paneHeight + "px";
  network.setSize("100%", "100%");
  network.moveTo({position: {x: (b[0] + b[2]) / 2, y: (b[1] + b[3]) / 2}, scale: scale, animation: false});
  network.redraw();
  return scale;
}

function mapControls(network, container, data) {
  var home = function () { fitMap(network, container, data); };
  document.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (button.dataset.zoom === "home") { home(); return; }
      var factor = button.dataset.zoom === "in" ? 1.25 : 0.8;
      network.moveTo({scale: network.getScale() * factor, animation: false});
    });
  });
  var printing = false;
  function print(on) {
    if (on === printing) { return; }
    printing = on;
    if (on) {
      // One A4 page (portrait, 10 mm margins: 718 x 1047 CSS px) less the heading and the legend; the canvas at
      // three pixels per CSS pixel, so that the small print of a large wijk stays sharp on paper.
      Object.defineProperty(window, "devicePixelRatio", {configurable: true, get: function () { return 3; }});
      fitMap(network, container, data, 700, 900);
      container.dataset.print = "ready";
    } else {
      delete window.devicePixelRatio;
      delete container.dataset.print;
      home();
    }
  }
  window.addEventListener("beforeprint", function () { print(true); });
  window.addEventListener("afterprint", function () { print(false); });
  var media = window.matchMedia("print");
  media.addEventListener("change", function (event) { print(event.matches); });
  var resizing;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { if (!printing) { home(); } }, 150);
  });
  home();
}

function drawNetwork(containerId, dataId, detailsId, drawRings, labelsId) {
  const data = JSON.parse(document.getElementById(dataId).textContent);
  const network_data = data.network || data;
  const labels = mapLabels(labelsId);
  if (labels) {
    network_data.nodes.forEach(function (node) {
      if (!node.title) {
        node.title = detailRows(node, labels).filter(function (row) { return row[0] !== labels.map_field.name; })
          .map(function (row) { return row[0] + ": " + row[1]; }).join("\n");
      }
    });
  }
  const nodes = new vis.DataSet(network_data.nodes);
  const edges = new vis.DataSet(network_data.edges);
  const container = document.getElementById(containerId);
  const network = new vis.Network(container, {nodes: nodes, edges: edges}, network_data.options);
  let headingBoxes = [];
  if (drawRings && network_data.bands) {
    headingBoxes = drawBands(network, network_data, labels);
  } else if (drawRings && network_data.rings) {
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.strokeStyle = "#c3ccd6";
      ctx.lineWidth = 1;
      ctx.setLineDash([6, 6]);
      ["ring1", "ring2", "ring3"].forEach(function (key) {
        const r = network_data.rings[key];
        if (r) { ctx.beginPath(); ctx.arc(0, 0, r, 0, 2 * Math.PI); ctx.stroke(); }
      });
      ctx.restore();
    });
  }
  const details = document.getElementById(detailsId);
  function show(id) {
    const node = nodes.get(id);
    if (!node || !details) { return; }
    details.replaceChildren();
    const heading = document.createElement("h3");
    heading.textContent = labels ? plainLabel(node) : node.label;
    details.appendChild(heading);
    const list = document.createElement("dl");
    detailRows(node, labels).forEach(function (row) {
      const dt = document.createElement("dt");
      dt.textContent = row[0];
      const dd = document.createElement("dd");
      dd.textContent = row[1];
      list.appendChild(dt);
      list.appendChild(dd);
    });
    details.appendChild(list);
  }
  network.on("click", function (params) { if (params.nodes.length) { show(params.nodes[0]); } });
  document.querySelectorAll("[data-node]").forEach(function (button) {
    button.addEventListener("click", function () {
      network.selectNodes([button.dataset.node]);
      if (network_data.bounds) {
        const at = network.getPosition(button.dataset.node);
        const box = network.canvasToDOM(at);
        const rect = container.getBoundingClientRect();
        window.scrollTo({top: window.scrollY + rect.top + box.y - window.innerHeight / 2});
      } else {
        network.focus(button.dataset.node, {scale: 1.0});
      }
      show(button.dataset.node);
    });
  });
  if (network_data.bounds) { mapControls(network, container, network_data); }
  network.once("afterDrawing", function () { container.dataset.drawn = "true"; });
  return {network: network, nodes: nodes, edges: edges, headingBoxes: headingBoxes};
}

// Draw the page's network from the data attributes of this script's own tag: the Content-Security-Policy allows no
// inline script.
(function () {
  var options = document.currentScript && document.currentScript.dataset;
  if (options && options.container) {
    window.wijkgraphNetwork = drawNetwork(options.container, options.data, options.details, options.rings === "true",
                                          options.labels);
  }
})();
