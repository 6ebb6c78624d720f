/* Draws the listed referral paths with cytoscape.js (served from /static/vendor).
   The list and the drawing come from the same data (#paths-data); selecting a path in
   the list highlights it in the drawing, and tapping a node highlights its paths. */
(function () {
  "use strict";

  var ROLE_COLOURS = { source: "#2563eb", connector: "#64748b", referrer: "#0d9488", target: "#c2410c" };

  /* Left to right like the list: the team on the left, targets on the right, each person in
     the column of their place on the first (best) path that holds them. */
  function layout(data, container) {
    var columns = 0;
    data.nodes.forEach(function (n) { columns = Math.max(columns, n.column + 1); });
    var byColumn = {};
    data.nodes.forEach(function (n) {
      var col = n.role === "target" ? columns - 1 : n.column;
      (byColumn[col] = byColumn[col] || []).push(n);
    });
    var width = Math.max(container.clientWidth, 320);
    var height = Math.max(container.clientHeight, 320);
    var positions = {};
    Object.keys(byColumn).forEach(function (col) {
      var nodes = byColumn[col].sort(function (a, b) { return a.paths[0] - b.paths[0]; });
      var step = height / (nodes.length + 1);
      nodes.forEach(function (n, i) {
        positions[n.id] = { x: (Number(col) + 0.5) * (width / columns), y: step * (i + 1) };
      });
    });
    return positions;
  }

  function draw() {
    var container = document.getElementById("path-graph");
    var dataNode = document.getElementById("paths-data");
    var status = document.getElementById("graph-status");
    if (!container || !dataNode) { return; }
    if (typeof window.cytoscape !== "function") {
      container.classList.add("path-graph-missing");
      container.textContent = "The drawing could not load (cytoscape.js is missing). The list has every path.";
      return;
    }
    var data = JSON.parse(dataNode.textContent);
    var elements = [];
    data.nodes.forEach(function (n) {
      elements.push({ group: "nodes", data: {
        id: n.id, label: n.label, company: n.company, role: n.role,
        colour: ROLE_COLOURS[n.role] || "#64748b", paths: n.paths
      }, classes: (n.ideal ? "ideal " : "") + (n.hidden ? "hidden-person " : "") + "role-" + n.role });
    });
    data.edges.forEach(function (e) {
      elements.push({ group: "edges", data: {
        id: e.id, source: e.source, target: e.target, strength: e.strength,
        width: 1.5 + 6 * e.strength, label: e.strength.toFixed(2), paths: e.paths
      } });
    });
    var positions = layout(data, container);
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      wheelSensitivity: 0.3,
      minZoom: 0.3,
      maxZoom: 2.5,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", "label": "data(label)", "color": "#0f172a",
          "font-size": 11, "font-family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
          "text-valign": "bottom", "text-margin-y": 5, "width": 22, "height": 22,
          "text-wrap": "ellipsis", "text-max-width": 110, "text-background-color": "#ffffff",
          "text-background-opacity": 0.8, "text-background-padding": 2, "border-width": 0 } },
        { selector: "node.ideal", style: { "border-width": 3, "border-color": "#16a34a" } },
        { selector: "node.role-target", style: { "width": 30, "height": 30, "shape": "round-rectangle" } },
        { selector: "node.role-source", style: { "shape": "diamond", "width": 28, "height": 28 } },
        { selector: "edge", style: {
          "width": "data(width)", "line-color": "#94a3b8", "curve-style": "bezier", "opacity": 0.85,
          "label": "data(label)", "font-size": 9, "color": "#475569", "text-rotation": "autorotate",
          "text-background-color": "#ffffff", "text-background-opacity": 0.9, "text-background-padding": 1 } },
        /* a person at a client that has not opted in: counts-only, drawn as a grey outline */
        { selector: "node.hidden-person", style: { "background-color": "#e2e8f0", "border-width": 2,
          "border-style": "dashed", "border-color": "#64748b", "label": "hidden" } },
        { selector: ".faded", style: { "opacity": 0.15 } },
        { selector: "edge.hl", style: { "line-color": "#0d9488", "opacity": 1, "z-index": 10 } },
        { selector: "node.hl", style: { "opacity": 1 } }
      ],
      layout: { name: "preset", positions: function (node) { return positions[node.id()]; },
                fit: true, padding: 36, animate: false }
    });
    window.referralGraph = cy;  // for tests and the curious
    container.setAttribute("data-nodes", String(cy.nodes().length));
    container.setAttribute("data-edges", String(cy.edges().length));
    if (status) {
      status.textContent = cy.nodes().length + " people and " + cy.edges().length +
        " ties. Thicker lines are stronger ties; select a path in the list to highlight it.";
    }

    function highlight(rank) {
      cy.elements().removeClass("hl faded");
      if (rank === null) { return; }
      var on = cy.elements().filter(function (ele) { return ele.data("paths").indexOf(rank) !== -1; });
      cy.elements().not(on).addClass("faded");
      on.addClass("hl");
      document.querySelectorAll(".path").forEach(function (item) {
        item.classList.toggle("is-highlighted", Number(item.getAttribute("data-rank")) === rank);
      });
    }

    document.querySelectorAll(".show-path").forEach(function (button) {
      button.addEventListener("click", function () {
        var rank = Number(button.getAttribute("data-rank"));
        highlight(rank);
        button.setAttribute("aria-pressed", "true");
      });
    });
    document.querySelectorAll(".path").forEach(function (item) {
      item.addEventListener("mouseenter", function () { highlight(Number(item.getAttribute("data-rank"))); });
      item.addEventListener("focusin", function () { highlight(Number(item.getAttribute("data-rank"))); });
    });
    var list = document.getElementById("path-list");
    if (list) { list.addEventListener("mouseleave", function () { highlight(null); }); }
    cy.on("tap", "node", function (ev) {
      var ranks = ev.target.data("paths");
      highlight(ranks[0]);
      var item = document.querySelector('.path[data-rank="' + ranks[0] + '"]');
      if (item) { item.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
    });
    cy.on("tap", function (ev) { if (ev.target === cy) { highlight(null); } });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
