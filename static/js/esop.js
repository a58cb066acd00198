/* e-SOP front-end glue. No inline scripts: everything the pages need is here. */
(function () {
  "use strict";

  // htmx: a 409 (someone else saved) or 422 (invalid input) still carries the page to show,
  // with the typed input kept; swap it like a success.
  document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) {
      htmx.config.responseHandling = [
        { code: "204", swap: false },
        { code: "[23]..", swap: true },
        { code: "409", swap: true, error: false },
        { code: "422", swap: true, error: false },
        { code: "[45]..", swap: false, error: true },
      ];
    }
  });

  // A form that asks first (data-confirm) is sent only when the person says yes.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A choice that takes effect at once (the language): sent when changed.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) { field.form.submit(); }
  });

  // A form that uploads or works for a while says so and cannot be sent twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-busy-form]")) { return; }
    var button = form.querySelector("[data-busy-label]");
    if (button) {
      button.disabled = true;
      button.textContent = button.dataset.busyLabel;
    }
  });

  // Saving indicator for the step editor.
  document.addEventListener("htmx:beforeRequest", function () {
    var s = document.getElementById("save-state");
    if (s) { s.textContent = s.dataset.saving; }
  });
  document.addEventListener("htmx:responseError", function () {
    var s = document.getElementById("save-state");
    if (s) { s.textContent = s.dataset.failed; s.classList.add("text-danger"); }
  });
  document.addEventListener("htmx:sendError", function () {
    var s = document.getElementById("save-state");
    if (s) { s.textContent = s.dataset.offline; s.classList.add("text-danger"); }
  });

  // Ordered lists of the identity sheet (Django formsets with ORDER and DELETE fields).
  function renumber(list) {
    var rows = list.querySelectorAll("[data-row]");
    rows.forEach(function (row, i) {
      var order = row.querySelector("input[name$='-ORDER']");
      if (order) { order.value = i + 1; }
      var n = row.querySelector("[data-number]");
      if (n) { n.textContent = i + 1; }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-list-action]");
    if (!button) { return; }
    var list = button.closest("[data-list]");
    var row = button.closest("[data-row]");
    var action = button.dataset.listAction;
    if (action === "up" && row.previousElementSibling) {
      row.parentNode.insertBefore(row, row.previousElementSibling);
    } else if (action === "down" && row.nextElementSibling) {
      row.parentNode.insertBefore(row.nextElementSibling, row);
    } else if (action === "remove") {
      var del = row.querySelector("input[name$='-DELETE']");
      if (del) { del.checked = true; }
      row.hidden = true;
      row.removeAttribute("data-row");
    } else if (action === "add") {
      var prefix = list.dataset.list;
      var total = list.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
      var template = list.querySelector("template");
      var html = template.innerHTML.replace(/__prefix__/g, total.value);
      list.querySelector("[data-rows]").insertAdjacentHTML("beforeend", html);
      total.value = parseInt(total.value, 10) + 1;
      var rows = list.querySelectorAll("[data-row]");
      var first = rows[rows.length - 1].querySelector("input, textarea, select");
      if (first) { first.focus(); }
    }
    renumber(list);
    if (action === "up" || action === "down") { button.focus(); }
  });
})();
