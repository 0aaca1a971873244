/* Follows a background job (import or report): polls its small JSON status and reloads the page
   when the job stops working. Without JavaScript the page refreshes itself (<noscript> meta). */
(function () {
  "use strict";
  var box = document.getElementById("job");
  var url = box && box.getAttribute("data-status-url");
  if (!url) { return; }
  function show(name, value) {
    var el = box.querySelector('[data-field="' + name + '"]');
    if (!el || value === undefined || value === null) { return; }
    if (name === "progress") { el.value = value; el.textContent = Math.round(value) + " %"; } else { el.textContent = value; }
  }
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        show("status_label", s.status_label); show("stage", s.stage); show("progress", s.progress);
        if (s.working) { window.setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 800);
}());
