/* Dashboard charts: each <canvas data-chart="ID"> is drawn from the JSON block <script id="ID">
 * written by Django's json_script (data, not code: the Content-Security-Policy allows no inline script).
 * The same numbers are in the table next to each chart; the charts add nothing the tables lack. */
(function () {
  "use strict";

  var COLORS = {
    QUOTA_YOUNG: "#2a7ab0",
    QUOTA_WOMEN: "#c2417a",
    QUOTA_ETHNIC: "#d08a12",
    ok: "#2e8b4a",
    err: "#b3261e",
    men: "#2a7ab0",
    women: "#c2417a",
    b1: "#d08a12",
    b2: "#8fbfe0",
    b3: "#2a7ab0",
    b4: "#1c3f66",
    measure: "#2a7ab0",
    target: "#b8c2cc"
  };
  var lang = document.documentElement.lang || "vi";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  // one percentage format across the pages: two decimals, a decimal comma ("36,84%")
  var share = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function format(value, percent) {
    if (value === null || value === undefined) {
      return "—";
    }
    return percent ? share.format(Math.abs(value)) + "%" : number.format(Math.abs(value));
  }

  function dataset(spec, config) {
    var color = COLORS[spec.color] || "#5b6b7b";
    if (spec.kind === "target") {
      // a target is a dashed marker line over the bars of each organization
      return {
        type: "line",
        label: spec.label,
        data: spec.data,
        borderColor: color,
        backgroundColor: color,
        borderDash: [6, 4],
        borderWidth: 2,
        pointStyle: "line",
        pointRadius: 0,
        pointHitRadius: 0,
        stepped: "middle",
        spanGaps: true,
        order: 0
      };
    }
    return {
      type: "bar",
      label: spec.label,
      data: spec.data,
      backgroundColor: color,
      borderColor: color,
      borderWidth: 0,
      pointStyle: "rect",
      order: 1,
      stack: config.stacked ? "all" : undefined
    };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var config = JSON.parse(source.textContent);
    var valueAxis = config.horizontal ? "x" : "y";
    var categoryAxis = config.horizontal ? "y" : "x";
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      stacked: !!config.stacked,
      ticks: {
        precision: config.percent ? undefined : 0,
        callback: function (value) {
          return format(value, config.percent);
        }
      }
    };
    scales[categoryAxis] = { stacked: !!config.stacked, ticks: { autoSkip: false } };
    if (config.percent) {
      scales[valueAxis].suggestedMax = 50;
    }
    if (config.mirror) {
      // a pyramid: the same scale on both sides of zero
      var widest = 1;
      config.datasets.forEach(function (spec) {
        spec.data.forEach(function (value) {
          widest = Math.max(widest, Math.abs(value || 0));
        });
      });
      scales[valueAxis].min = -widest;
      scales[valueAxis].max = widest;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: config.labels,
        datasets: config.datasets.map(function (spec) {
          return dataset(spec, config);
        })
      },
      options: {
        indexAxis: config.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: scales,
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true } },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + format(item.raw, config.percent);
              }
            }
          }
        }
      }
    });
  }

  function start() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i += 1) {
      draw(canvases[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
