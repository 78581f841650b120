// Live progress of a background import: polls the job's progress URL every second, moves the bar and the
// counters without reloading, and reloads the page once the job has finished so that the result is shown.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch) { return; }
  var url = box.dataset.progressUrl;
  var bar = box.querySelector(".progress-bar");
  var meter = box.querySelector("[role=progressbar]");

  function show(name, value) {
    box.querySelectorAll("[data-field=" + name + "]").forEach(function (el) { el.textContent = value; });
  }

  function render(data) {
    bar.style.width = data.percent + "%";
    meter.setAttribute("aria-valuenow", data.percent);
    show("percent_text", data.percent + "%");
    ["status_label", "stage_label", "rows_read", "rows_validated", "rows_written"].forEach(function (name) {
      show(name, data[name]);
    });
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        render(data);
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 500);
})();
