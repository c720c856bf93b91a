// Replace each static chart image with the interactive Vega-Lite chart.
// Everything is local: the Vega bundle is assets/vega-bundle.js beside this file.
(function () {
  function draw() {
    if (typeof window.vegaEmbed !== "function") { return; }
    document.querySelectorAll(".vega-chart[data-spec]").forEach(function (el) {
      var node = document.getElementById(el.getAttribute("data-spec"));
      if (!node) { return; }
      var spec = JSON.parse(node.textContent);
      var img = el.querySelector("img");
      var holder = document.createElement("div");
      el.appendChild(holder);
      window.vegaEmbed(holder, spec, { actions: false, renderer: "svg" }).then(function (res) {
        if (img) { img.remove(); }
        var svg = holder.querySelector("svg");
        if (svg) { svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false"); }
      }).catch(function () { holder.remove(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
