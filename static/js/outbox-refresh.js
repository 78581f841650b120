// Demo SMS outbox: fetch the page again every few seconds and swap in the new rows, so a code sent a moment
// later shows up without a manual refresh. Paused while the tab is hidden.
(function () {
  var rows = document.querySelector("[data-refresh-rows]");
  if (!rows) { return; }
  var seconds = parseInt(rows.dataset.refreshSeconds || "3", 10);
  function refresh() {
    if (document.hidden) { return; }
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-refresh-rows]");
        if (fresh && fresh.innerHTML !== rows.innerHTML) { rows.innerHTML = fresh.innerHTML; }
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ });
  }
  window.setInterval(refresh, seconds * 1000);
})();
