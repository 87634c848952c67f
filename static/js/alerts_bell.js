/* The alerts bell of the menu: fetch the unread count of the user's subtrees once the page is loaded.
 * A plain fetch, not htmx attributes, so that pages whose own polling is checked stay free of triggers. */
(function () {
  "use strict";
  var link = document.querySelector("a[data-alerts-badge]");
  if (!link || !window.fetch) {
    return;
  }
  fetch(link.dataset.alertsBadge, { credentials: "same-origin", headers: { "HX-Request": "true" } })
    .then(function (response) { return response.ok ? response.text() : ""; })
    .then(function (html) {
      var holder = document.createElement("span");
      holder.innerHTML = html;
      var badge = holder.querySelector(".badge");
      if (badge) {
        link.appendChild(badge);
      }
    })
    .catch(function () { /* the bell stays without a count */ });
})();
