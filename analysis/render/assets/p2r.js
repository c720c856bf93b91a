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
      jobs.push(window.vegaEmbed(holder, spec, { actions: false, renderer: "svg" }).then(function () {
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
  // Hover tooltips (vega-tooltip) can be dismissed with Escape without moving the pointer (WCAG 1.4.13).
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") { return; }
    var tip = document.getElementById("vg-tooltip-element");
    if (tip) { tip.classList.remove("visible"); }
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
