// Draws a vis-network graph from JSON embedded in the page (partner maps, ecograms). Physics stays off: the
// positions are fixed by the server. Node details are written with textContent, never as HTML.
function drawNetwork(containerId, dataId, detailsId, drawRings) {
  const data = JSON.parse(document.getElementById(dataId).textContent);
  const network_data = data.network || data;
  const nodes = new vis.DataSet(network_data.nodes);
  const edges = new vis.DataSet(network_data.edges);
  const container = document.getElementById(containerId);
  const network = new vis.Network(container, {nodes: nodes, edges: edges}, network_data.options);
  if (drawRings && network_data.rings) {
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
    heading.textContent = node.label;
    details.appendChild(heading);
    const list = document.createElement("dl");
    Object.entries(node.details || {}).forEach(function (entry) {
      if (entry[1] === null || entry[1] === "" || entry[1] === undefined) { return; }
      const dt = document.createElement("dt");
      dt.textContent = entry[0];
      const dd = document.createElement("dd");
      dd.textContent = String(entry[1]);
      list.appendChild(dt);
      list.appendChild(dd);
    });
    details.appendChild(list);
  }
  network.on("click", function (params) { if (params.nodes.length) { show(params.nodes[0]); } });
  document.querySelectorAll("[data-node]").forEach(function (button) {
    button.addEventListener("click", function () {
      network.selectNodes([button.dataset.node]);
      network.focus(button.dataset.node, {scale: 1.0});
      show(button.dataset.node);
    });
  });
  network.once("afterDrawing", function () { container.dataset.drawn = "true"; });
  return {network: network, nodes: nodes, edges: edges};
}

// Draw the page's network from the data attributes of this script's own tag: the Content-Security-Policy allows no
// inline script.
(function () {
  var options = document.currentScript && document.currentScript.dataset;
  if (options && options.container) {
    window.wijkgraphNetwork = drawNetwork(options.container, options.data, options.details, options.rings === "true");
  }
})();
