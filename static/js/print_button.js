// The "In" (print) button of the pages a board prints: a static file, since the CSP forbids inline script.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
