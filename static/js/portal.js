// Small progressive enhancements: disable a form's buttons once it is sent, so a double click sends it once.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.sent === "1") { event.preventDefault(); return; }
  form.dataset.sent = "1";
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) { b.disabled = true; });
  }, 0);
});
// 温馨提示 before sending: <form data-confirm="..."> or a button with data-confirm-submit="...".
document.addEventListener("submit", function (event) {
  var submitter = event.submitter;
  var message = (submitter && submitter.dataset.confirmSubmit) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) { event.preventDefault(); event.stopImmediatePropagation(); event.target.dataset.sent = ""; }
}, true);
