// Suggestions for the filters' case and party inputs: each <input data-suggest="URL"
// list="ID"> gets, after a pause in typing, the names the site's endpoint returns for what was
// typed (cases.views.suggest), as options of its <datalist>. Without this script the input is
// a plain text box and the page matches the typed name itself.
(function () {
  "use strict";
  var PAUSE_MS = 200;
  var MIN_LENGTH = 2;

  function enhance(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var answers = new Map();
    var timer = null;
    var latest = "";

    function fill(text, results) {
      if (text !== latest) return;
      list.replaceChildren.apply(
        list,
        results.map(function (result) {
          var option = document.createElement("option");
          option.value = result.value;
          option.label = result.label;
          option.textContent = result.label;
          return option;
        })
      );
    }

    function ask(text) {
      if (answers.has(text)) {
        fill(text, answers.get(text));
        return;
      }
      var url = input.dataset.suggest + "?q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (answer) {
          answers.set(text, answer.results);
          fill(text, answer.results);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      latest = input.value.trim();
      clearTimeout(timer);
      if (latest.length < MIN_LENGTH) {
        fill(latest, []);
        return;
      }
      timer = setTimeout(ask, PAUSE_MS, latest);
    });
  }

  document.querySelectorAll("input[data-suggest][list]").forEach(enhance);
})();
