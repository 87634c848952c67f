// The ballots grid: Enter and the arrow keys move between rows, the share is shown while typing, and
// "Fill every row" copies the common figures (summoned, present, valid ballots) into every row.
(function () {
  "use strict";
  var grid = document.querySelector(".vote-grid");
  if (!grid) return;
  var threshold = parseFloat(grid.dataset.threshold || "50");
  var rows = Array.prototype.slice.call(grid.querySelectorAll("tbody tr[id^='vote-']"));

  function cell(rowIndex, col) {
    var row = rows[rowIndex];
    return row ? row.querySelector("input[data-col='" + col + "']") : null;
  }

  function number(input) {
    var text = (input.value || "").trim();
    return /^\d+$/.test(text) ? parseInt(text, 10) : null;
  }

  function refresh(row) {
    var inputs = row.querySelectorAll("input[data-figure]");
    var values = Array.prototype.map.call(inputs, number);
    var out = row.querySelector(".vote-share");
    if (!out) return;
    var s = values[0], p = values[1], v = values[2], f = values[3];
    if ([s, p, v, f].some(function (x) { return x === null; })) { out.textContent = ""; return; }
    var problem = p > s ? "có mặt > triệu tập" : v > p ? "hợp lệ > có mặt" : f > v ? "đồng ý > hợp lệ" : "";
    if (problem) { out.textContent = "⚠ " + problem; out.className = "num nowrap vote-share text-err"; return; }
    if (!v) { out.textContent = "—"; return; }
    var share = Math.round(10000 * f / v) / 100;
    var passed = 100 * f > threshold * v;
    out.textContent = share.toFixed(2).replace(".", ",") + " %" + (passed ? "" : " ✗");
    out.className = "num nowrap vote-share " + (passed ? "text-ok" : "text-err");
  }

  rows.forEach(function (row, rowIndex) {
    row.querySelectorAll("input[data-col]").forEach(function (input) {
      var col = input.dataset.col;
      input.addEventListener("keydown", function (event) {
        var target = null;
        if (event.key === "Enter" || event.key === "ArrowDown") target = cell(rowIndex + 1, col);
        else if (event.key === "ArrowUp") target = cell(rowIndex - 1, col);
        if (event.key === "Enter") event.preventDefault();  // never submit half a grid by Enter
        if (target) { event.preventDefault(); target.focus(); target.select(); }
      });
      input.addEventListener("input", function () { refresh(row); });
    });
  });

  var apply = document.querySelector("[data-fill-apply]");
  if (apply) {
    apply.addEventListener("click", function () {
      document.querySelectorAll("[data-fill]").forEach(function (source) {
        var value = source.value.trim();
        if (!value) return;
        rows.forEach(function (row) {
          var input = row.querySelector("input[data-figure='" + source.dataset.fill + "']");
          if (input) input.value = value;
        });
      });
      rows.forEach(refresh);
      var first = cell(0, "3");
      if (first) first.focus();
    });
  }
})();
