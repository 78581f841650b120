// Behaviour of the portal's admin templates without inline handlers (the Content-Security-Policy forbids them):
// <form data-confirm="..."> asks before sending; <button data-print> prints the page.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var message = event.target.dataset ? event.target.dataset.confirm : null;
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });
})();
