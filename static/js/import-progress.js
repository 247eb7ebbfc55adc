// The import's progress, asked for every two seconds; the page reloads to show the report at the end.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) return;
  var bar = document.getElementById("import-bar");
  var count = document.getElementById("import-count");
  function ask() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.max = job.total;
        bar.value = job.done;
        bar.textContent = job.percent + "%";
        count.textContent = job.done.toLocaleString() + " of " + job.total.toLocaleString() + " rows done.";
        if (job.finished) window.location.reload();
        else window.setTimeout(ask, 2000);
      })
      .catch(function () { window.setTimeout(ask, 5000); });
  }
  window.setTimeout(ask, 1000);
})();
