// The console's two scripts, served as a file so that the Content-Security-Policy can forbid
// inline scripts (issue 15). Each part runs only on the page that has its elements.
(function () {
  "use strict";

  // An import's progress page: polls progress.json until the import ends, then reloads.
  var bar = document.getElementById("import-progress");
  var status = document.getElementById("import-status");
  var url = bar && bar.getAttribute("data-progress-url");
  if (bar && status && url) {
    var tick = function () {
      fetch(url, { credentials: "same-origin", headers: { "accept": "application/json" }, cache: "no-store" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (j) {
          bar.value = j.percent;
          status.textContent = j.text;
          if (j.state !== "running") { window.location.reload(); } else { setTimeout(tick, 500); }
        })
        .catch(function () { setTimeout(tick, 2000); });
    };
    setTimeout(tick, 500);
  }

  // The rule-set upload: a chosen file is read into the text area.
  var input = document.getElementById("rules-file");
  var text = document.getElementById("rules-toml");
  var name = document.getElementById("rules-file-name");
  if (input && text && name) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) { return; }
      file.text().then(function (t) {
        text.value = t;
        name.value = file.name;
      });
    });
  }
})();
