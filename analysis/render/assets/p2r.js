// Replace each static chart image with the interactive Vega-Lite chart.
// Everything is local: the Vega bundle is assets/vega-bundle.js beside this file.
// Accessibility: the .vega-chart container carries role="img" and the alt text, so the drawn
// SVG is hidden from assistive technology; the data table in <details> is the text alternative.
// When every chart has been drawn (or has failed and kept its static image), <html> gets
// data-p2r-charts="done" (the accessibility tests wait for it).
(function () {
  var root = document.documentElement;
  function finish() { root.setAttribute("data-p2r-charts", "done"); }
  function draw() {
    var charts = document.querySelectorAll(".vega-chart[data-spec]");
    if (!charts.length || typeof window.vegaEmbed !== "function") { finish(); return; }
    var jobs = [];
    charts.forEach(function (el) {
      var node = document.getElementById(el.getAttribute("data-spec"));
      if (!node) { return; }
      var spec;
      try { spec = JSON.parse(node.textContent); } catch (e) { return; }
      var img = el.querySelector("img");
      var holder = document.createElement("div");
      holder.className = "vega-holder";
      holder.setAttribute("aria-hidden", "true");
      el.appendChild(holder);
      var opts = { actions: false, renderer: "svg" };
      var live = spec.usermeta && spec.usermeta.p2r_explorer;
      var controls = null, status = null;
      if (live) {
        // Scenario explorer: its controls go outside the chart's image role (so they can be reached
        // and read), and a live line of text repeats the result the chart shows.
        controls = document.createElement("div");
        controls.className = "vega-controls";
        controls.setAttribute("role", "group");
        controls.setAttribute("aria-label", "Scenario settings");
        el.parentNode.insertBefore(controls, el);
        status = document.createElement("p");
        status.className = "explorer-status";
        status.setAttribute("aria-live", "polite");
        el.parentNode.insertBefore(status, el);
        opts.bind = controls;
      }
      jobs.push(window.vegaEmbed(holder, spec, opts).then(function (res) {
        if (live && res && res.view) { explorerStatus(res.view, spec, live, status); }
        if (img) { img.remove(); }
        var svg = holder.querySelector("svg");
        if (svg) {
          svg.setAttribute("aria-hidden", "true");
          svg.setAttribute("focusable", "false");
          svg.removeAttribute("role");
          svg.removeAttribute("aria-label");
          svg.removeAttribute("aria-roledescription");
          svg.removeAttribute("tabindex");
        }
      }).catch(function () { holder.remove(); }));
    });
    Promise.all(jobs).then(finish, finish);
  }
  // The explorer's result in words: looked up in the grid of model runs the page carries (the rows
  // the chart itself filters), never computed here.
  function explorerStatus(view, spec, live, node) {
    var rows = (spec.datasets || {})[live.dataset] || [];
    function update() {
      var e = view.signal("entry"), x = view.signal("exits"), f = view.signal("first");
      var u = view.signal("ucg"), b = view.signal("bg");
      var row = null;
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        if (r.e === Number(e) && r.x === Number(x) && r.f === Number(f)) { row = r; break; }
      }
      if (!row) { node.textContent = ""; return; }
      var be = row["be" + u + "" + b], cb = row["cb" + u];
      node.textContent = "With " + e + "% fewer entries and " + x + "% more exits from " + f + ": " +
        (be > 0 ? "spend is back within the " + live.budget_word + " in " + be :
          "spend is not back within the " + live.budget_word + " by " + live.horizon) +
        "; avoided spend to " + live.horizon + ": \u00a3" + cb.toFixed(1) + live.suffix + ".";
    }
    ["entry", "exits", "first", "ucg", "bg"].forEach(function (n) { view.addSignalListener(n, update); });
    update();
  }
  // Hover tooltips (vega-tooltip) can be dismissed with Escape without moving the pointer (WCAG 1.4.13).
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") { return; }
    var tip = document.getElementById("vg-tooltip-element");
    if (tip) { tip.classList.remove("visible"); }
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
