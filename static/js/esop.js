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

  // A date field says the chosen date in words beside it ("Kamis, 12 Februari 2026"), so that what
  // the browser shows as 12/02/2026 cannot be read as 2 December.
  function sayDate(input) {
    var words = document.getElementById(input.id + "-words");
    if (!words) {
      words = document.createElement("div");
      words.id = input.id + "-words";
      words.className = "form-text date-words";
      words.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", words);
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      described.push(words.id);
      input.setAttribute("aria-describedby", described.join(" "));
    }
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value);
    words.textContent = m ? new Intl.DateTimeFormat(document.documentElement.lang || "id", {
      weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
    }).format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))) : "";
  }
  function sayDates() { document.querySelectorAll("input[type='date'][id]").forEach(sayDate); }
  document.addEventListener("DOMContentLoaded", sayDates);
  document.addEventListener("htmx:afterSettle", sayDates);
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var field = event.target;
      if (field.matches && field.matches("input[type='date'][id]")) { sayDate(field); }
    });
  });

  // A box that scrolls (a wide table on a phone, the pages of an imported PDF) takes the keyboard's
  // focus when nothing in it can, so that the arrow keys scroll it (WCAG 2.1.1).
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  function scrollersFocusable() {
    document.querySelectorAll(".table-responsive, .import-pages, .problems-panel .card-body").forEach(function (box) {
      if (box.hasAttribute("tabindex") || box.querySelector(FOCUSABLE)) { return; }
      if (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight) { box.tabIndex = 0; }
    });
  }
  document.addEventListener("DOMContentLoaded", scrollersFocusable);
  window.addEventListener("resize", scrollersFocusable);
  document.addEventListener("htmx:afterSettle", scrollersFocusable);

  // The step editor's status line (#save-state) stays on the page while the editor is redrawn, so
  // that each change of it is announced; it says "saving" while a save is out, then what the
  // server's answer says (#save-state-text in the new editor): saved, or not saved and why.
  function saveState(text, failed) {
    var s = document.getElementById("save-state");
    if (!s) { return; }
    s.textContent = text;
    s.classList.toggle("text-danger", !!failed);
    s.classList.toggle("text-secondary", !failed);
  }
  function answeredState() {
    var said = document.getElementById("save-state-text");
    if (said) { saveState(said.textContent.trim(), said.dataset.error === "1"); }
  }
  document.addEventListener("DOMContentLoaded", answeredState);
  document.addEventListener("htmx:afterSwap", function (event) { if (editorTarget(event)) { answeredState(); } });
  function sayOwn(key, failed) {  // one of the line's own texts (data-saving, data-failed, data-offline)
    return function (event) {
      if (event && event.detail && event.detail.target && !editorTarget(event)) { return; }  // not a save
      var s = document.getElementById("save-state");
      if (s) { saveState(s.dataset[key], failed); }
    };
  }
  document.addEventListener("htmx:beforeRequest", sayOwn("saving", false));
  document.addEventListener("htmx:responseError", sayOwn("failed", true));
  document.addEventListener("htmx:sendError", sayOwn("offline", true));

  // One editor request at a time. Every answer carries the draft's new lock: a second request sent
  // while one is out would carry the old lock and be refused as a conflict with the person's own
  // save. A request asked for meanwhile is held, and sent once the answer is in, from the element
  // then on the page (found again by its id), without asking its question (hx-confirm) again.
  var out = false;
  var held = [];  // ids of the elements whose requests wait, in order
  var replaying = null;
  function requester(node) { return node && (node.matches("[hx-post]") ? node : node.closest("[hx-post]")); }
  document.addEventListener("htmx:confirm", function (event) {
    if (replaying && event.detail.elt === replaying) {
      event.preventDefault();
      event.detail.issueRequest(true);
    }
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!editorTarget(event)) { return; }
    if (!out) { out = true; return; }
    event.preventDefault();
    event.stopPropagation();  // the handlers below are for requests that leave
    var elt = event.detail.elt;
    var named = elt.id ? elt : elt.querySelector("[id]");
    if (named && held.indexOf(named.id) < 0) { held.push(named.id); }
  }, true);
  function answered() {
    out = false;
    var ids = held;
    held = [];
    ids.forEach(function (id) {
      var node = document.getElementById(id);
      var target = requester(node);
      if (!target) { return; }
      var trigger = (target.getAttribute("hx-trigger") || "").split(" ")[0];
      var kind = trigger || (target.tagName === "FORM" ? "submit" : target.tagName === "BUTTON" ? "click" : "change");
      var on = /from:find/.test(target.getAttribute("hx-trigger") || "") ? node : target;
      replaying = target;
      try {
        if (kind === "click") { target.click(); } else { on.dispatchEvent(new Event(kind, { bubbles: true, cancelable: true })); }
      } finally { replaying = null; }
    });
  }
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (editorTarget(event) && (event.detail.failed || !xhr || xhr.status === 204)) { answered(); }  // nothing swapped in
  });

  // The step editor swaps itself whole after every save. A person types on meanwhile (Tab to the
  // next field, type, Tab again): whatever they changed after the save left is theirs, and the
  // answer must not put back the server's older value. So the values are noted when a save leaves,
  // compared just before its answer is swapped in, and what changed since is put back into the new
  // editor, then saved in its turn (at once if the person has moved on, else when they leave it).
  var sentValues = null;

  function editorFields(root) {
    return root ? root.querySelectorAll("input[id], select[id], textarea[id]") : [];
  }

  function checkable(field) { return field.type === "radio" || field.type === "checkbox"; }
  function valueOf(field) { return checkable(field) ? field.checked : field.value; }
  // Setting a value moves the caret to the end: in the field being typed in, the caret it had just
  // before the editor was redrawn is put back, so the next keys land where the person is typing.
  var caret = null;  // {id, start, end} of the field being typed in when a redraw came
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    caret = active && active.id && typeof active.selectionStart === "number"
      ? { id: active.id, start: active.selectionStart, end: active.selectionEnd } : null;
  });
  function putBack(field, value) {
    if (checkable(field)) { field.checked = value; return; }
    field.value = value;
    if (caret && caret.id === field.id && document.activeElement === field) {
      field.setSelectionRange(caret.start, caret.end);
    }
  }

  // Whether the event is about a request of the editor. htmx fires afterSwap and afterSettle once for
  // each element an answer swapped in, its out-of-band pieces too (a row saved alone, below): the
  // editor's handlers act once, on the editor's own.
  function editorTarget(event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "editor") { return false; }
    if (event.type === "htmx:afterSwap" || event.type === "htmx:afterSettle") {
      return !event.target || event.target.id === "editor";
    }
    return true;
  }

  // A row saved alone (sop.edit_views._row_saved): the editor is not redrawn, the answer brings the
  // lock, the status line and the hints out of band. The row loses the marks of an earlier refusal,
  // and every row's colour follows its hints.
  function savedAlone(event) {
    var xhr = event.detail && event.detail.xhr;
    return !!xhr && xhr.status === 200 && xhr.getResponseHeader("HX-Reswap") === "none";
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!editorTarget(event) || !savedAlone(event)) { return; }
    var row = event.detail.requestConfig && event.detail.requestConfig.elt;
    row = row && row.closest ? row.closest("tr[id^='row-']") : null;
    if (!row) { return; }
    row.classList.remove("table-danger");
    row.querySelectorAll(".is-invalid").forEach(function (field) { field.classList.remove("is-invalid"); });
    row.querySelectorAll("[aria-invalid]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && !/_error$/.test(id);
      });
      if (described.length) { field.setAttribute("aria-describedby", described.join(" ")); } else { field.removeAttribute("aria-describedby"); }
    });
    row.querySelectorAll(".invalid-feedback").forEach(function (message) { message.remove(); });
    // Waktu as the SOP prints it (1 Hari Kerja: 1 hari kerja), put in the field below unless the person
    // is in it or has changed it since the save left.
    var waktu = row.querySelector("textarea[name$='-waktu']");
    waktuSent = waktu && sentValues && waktu.id in sentValues ? { field: waktu, value: sentValues[waktu.id] } : null;
  });
  var waktuSent = null;
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!editorTarget(event) || !savedAlone(event)) { return; }
    var sent = waktuSent;
    waktuSent = null;
    var hintsOfRow = sent && document.getElementById(sent.field.closest("tr").id + "-hints");
    var shown = hintsOfRow ? hintsOfRow.dataset.waktu : undefined;
    if (shown !== undefined && document.activeElement !== sent.field && sent.field.value === sent.value) {
      sent.field.value = shown;
    }
    document.querySelectorAll("#editor tbody tr[id^='row-']").forEach(function (row) {
      var hints = document.getElementById(row.id + "-hints");
      var hinted = !!hints && hints.children.length > 0;
      row.classList.toggle("table-warning", hinted && !row.classList.contains("table-danger"));
    });
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!editorTarget(event)) { return; }
    sentValues = {};
    editorFields(document.getElementById("editor")).forEach(function (field) {
      sentValues[field.id] = valueOf(field);
    });
  });

  var typedMeanwhile = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!editorTarget(event) || !sentValues) { return; }
    typedMeanwhile = {};
    editorFields(document.getElementById("editor")).forEach(function (field) {
      if (field.id === "lock" || !(field.id in sentValues)) { return; }
      if (valueOf(field) !== sentValues[field.id]) { typedMeanwhile[field.id] = valueOf(field); }
    });
    sentValues = null;
  });

  // Between the swap of a new editor and htmx's settling of it, its rows do not listen yet: a change
  // sent then would be lost, so it waits for the settle.
  // A field is looked up again by its id when it is sent: another answer may have redrawn the
  // editor meanwhile, and a change sent from the field it replaced would go nowhere.
  var settling = false;
  var waiting = [];
  function sendChange(field) {
    if (settling) { waiting.push(field); return; }
    var current = document.body.contains(field) ? field : document.getElementById(field.id);
    if (current) { current.dispatchEvent(new Event("change", { bubbles: true })); }
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (editorTarget(event) && event.detail.shouldSwap) { settling = true; }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!editorTarget(event)) { return; }
    settling = false;
    var fields = waiting;
    waiting = [];
    answered();
    fields.forEach(sendChange);
  });

  function saveLater(field) {
    var row = field.closest("tr[id^='row-']") || field.closest("form");
    if (!row) { return; }
    var send = function () { sendChange(field); };
    if (document.activeElement === field) {
      field.addEventListener("blur", send, { once: true });
    } else {
      send();
    }
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    if (!editorTarget(event) || !typedMeanwhile) { return; }
    var kept = typedMeanwhile;
    typedMeanwhile = null;
    var toSave = [];
    Object.keys(kept).forEach(function (id) {
      var field = document.getElementById(id);
      if (!field || valueOf(field) === kept[id]) { return; }
      putBack(field, kept[id]);
      toSave.push(field);
    });
    // One save a row carries all of that row's fields: send one per row.
    var rows = {};
    toSave.forEach(function (field) {
      var row = field.closest("tr[id^='row-']");
      var key = row ? row.id : field.id;
      if (!rows[key] || document.activeElement === field) { rows[key] = field; }
    });
    Object.keys(rows).forEach(function (key) { saveLater(rows[key]); });
  });

  // A row the server refused (422: a Waktu that is not a number) shows what was typed, in red. When
  // another row's save redraws the editor, that row would come back as last saved and the typed
  // input would be gone: it is put back and sent again, so it stays on screen, red, until put right.
  var refused = {};  // field id -> value typed in a refused row

  function rowOf(elt) { return elt && elt.closest ? elt.closest("tr[id^='row-']") : null; }

  // Whether the answer just swapped in is about a refused row itself (its own answer then speaks).
  function answeredRefused(answered) {
    return !!answered && Object.keys(refused).some(function (id) {
      var field = document.getElementById(id);
      return field && rowOf(field) && rowOf(field).id === answered.id;
    });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    if (!editorTarget(event)) { return; }
    var answered = rowOf(event.detail.requestConfig && event.detail.requestConfig.elt);
    var again = {};
    Object.keys(refused).forEach(function (id) {
      var field = document.getElementById(id);
      var row = rowOf(field);
      if (!field || !row) { delete refused[id]; return; }
      if (answered && row.id === answered.id) { return; }  // this answer is about that very row
      if (valueOf(field) !== refused[id]) {
        putBack(field, refused[id]);
        again[row.id] = field;
      }
      row.classList.add("table-danger");  // still refused until its own answer says otherwise
    });
    // Another row's answer said "saved", but a refused row is still not: the line says so at once,
    // not only when the refused row's own answer comes back (WCAG 4.1.3, a truthful status).
    if (Object.keys(refused).some(function (id) { return document.getElementById(id); }) && !answeredRefused(answered)) {
      sayOwn("unsaved", true)();
    }
    if (answered) {
      editorFields(answered).forEach(function (field) { delete refused[field.id]; });
    }
    document.querySelectorAll("#editor tr.table-danger[id^='row-']").forEach(function (row) {
      editorFields(row).forEach(function (field) { refused[field.id] = valueOf(field); });
    });
    Object.keys(again).forEach(function (key) { saveLater(again[key]); });
  });

  // Where the keyboard's focus goes after the editor is redrawn (WCAG 2.4.3): after deleting a step or
  // an actor, to the one that took its place (or the one before it); after adding a step, into the new
  // step's Kegiatan. Without this the focus falls back to the page itself.
  var focusNext = null;

  function stepRows() {
    return Array.prototype.slice.call(document.querySelectorAll("#editor tbody tr[id^='row-']"));
  }

  function actorChips() {
    return Array.prototype.slice.call(document.querySelectorAll("#editor form.actor-chip"));
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (!elt || !elt.id || !editorTarget(event)) { return; }
    var row = elt.closest("tr[id^='row-']");
    var rows = stepRows();
    if (/^step-\d+-delete$/.test(elt.id)) {
      focusNext = { kind: "step", index: rows.indexOf(row) };
    } else if (/^step-\d+-insert$/.test(elt.id)) {
      focusNext = { kind: "step", index: rows.indexOf(row) + 1 };
    } else if (elt.id === "step-add-end") {
      focusNext = { kind: "step", index: rows.length };
    } else if (/^actor-\d+-delete$/.test(elt.id)) {
      focusNext = { kind: "actor", index: actorChips().indexOf(elt.closest("form.actor-chip")) };
    }
  });

  // Moved at once when the new editor is in (the person may type straight on), and again once htmx
  // has settled, which puts the focus back on a button that survived the redraw.
  var focusedAfter = null;
  function moveFocus(event, settled) {
    if (!event.detail || !event.detail.target || event.detail.target.id !== "editor") { return; }
    if (settled) {
      if (focusedAfter && document.activeElement !== focusedAfter && document.body.contains(focusedAfter)) { focusedAfter.focus(); }
      focusedAfter = null;
      return;
    }
    if (!focusNext) { return; }
    var want = focusNext;
    focusNext = null;
    var field = null;
    if (want.kind === "step") {
      var rows = stepRows();
      var row = rows[Math.min(want.index, rows.length - 1)];
      field = row ? row.querySelector("textarea[name$='-text']") : document.getElementById("step-add-end");
    } else {
      var chips = actorChips();
      var chip = chips[Math.min(want.index, chips.length - 1)];
      field = chip ? chip.querySelector("input[name='name']") : document.getElementById("new-actor");
    }
    if (field) { field.focus(); focusedAfter = field; }
  }
  document.addEventListener("htmx:afterSwap", function (event) { moveFocus(event, false); });
  document.addEventListener("htmx:afterSettle", function (event) { moveFocus(event, true); });

  // Review in place (workflow/_step_thread.html): a step's comments stand in a row under the step in
  // the step table. Its button, a click on the step's row, a link to it, or a click on its symbol in the
  // flowchart opens it (the table unfolded, the row shown, the focus in its comment field). Symbols with
  // open comments carry a badge with their number. The symbols are a mouse shortcut: the drawing is one
  // image to assistive technology, and the table's buttons do the same from the keyboard.
  var SVG_NS = "http://www.w3.org/2000/svg";
  function threadRow(n) { return document.getElementById("utas-" + n); }
  function openThread(n, focus) {
    var row = threadRow(n);
    if (!row) { return false; }
    var details = row.closest("details");
    if (details) { details.open = true; }
    row.hidden = false;
    var toggle = document.getElementById("utas-" + n + "-tombol");
    if (toggle) { toggle.setAttribute("aria-expanded", "true"); }
    row.scrollIntoView({ block: "center" });
    var field = row.querySelector("textarea, input[type='text'], input:not([type])");
    if (focus && field) { field.focus({ preventScroll: true }); }
    return true;
  }
  function threadBadges() {
    document.querySelectorAll(".flowchart-page .comment-badge").forEach(function (badge) { badge.remove(); });
    document.querySelectorAll("[data-thread-step]").forEach(function (thread) {
      var n = thread.dataset.threadStep;
      var open = parseInt(thread.dataset.open || "0", 10);
      document.querySelectorAll(".flowchart-page [data-step='" + n + "']").forEach(function (symbol) {
        symbol.classList.add("has-thread");
        // One badge per step: on the symbol the flow enters, not on those of its further actors.
        if (!open || symbol.hasAttribute("data-joint") || typeof symbol.getBBox !== "function") { return; }
        var box = symbol.getBBox();
        var badge = document.createElementNS(SVG_NS, "g");
        badge.setAttribute("class", "comment-badge");
        badge.setAttribute("aria-hidden", "true");
        badge.setAttribute("data-badge-step", n);
        var circle = document.createElementNS(SVG_NS, "circle");
        circle.setAttribute("cx", box.x + box.width);
        circle.setAttribute("cy", box.y);
        circle.setAttribute("r", "7");
        var text = document.createElementNS(SVG_NS, "text");
        text.setAttribute("x", box.x + box.width);
        text.setAttribute("y", box.y + 3);
        text.setAttribute("text-anchor", "middle");
        text.textContent = String(open);
        badge.appendChild(circle);
        badge.appendChild(text);
        symbol.parentNode.appendChild(badge);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    threadBadges();
    var hash = window.location.hash;
    var match = /^#utas-(\d+)$/.exec(hash);
    var target = hash.length > 1 ? document.getElementById(hash.slice(1)) : null;
    if (match) { openThread(match[1], false); } else if (target && target.closest("details:not([open])")) {
      target.closest("details").open = true;
      target.scrollIntoView();
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && /^utas-\d+-isi$/.test(target.id || "")) { threadBadges(); }
  });
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-thread-toggle]");
    if (toggle) {
      var n = toggle.dataset.threadToggle;
      var row = threadRow(n);
      if (row && !row.hidden && toggle.getAttribute("aria-expanded") === "true") {
        row.hidden = true;
        toggle.setAttribute("aria-expanded", "false");
      } else {
        openThread(n, true);
      }
      return;
    }
    var link = event.target.closest("[data-thread-link]");
    if (link && openThread(link.dataset.threadLink, false)) {
      var comment = link.hash && document.getElementById(link.hash.slice(1));
      if (comment && comment.closest(".step-thread")) { comment.scrollIntoView({ block: "center" }); }
      event.preventDefault();
      return;
    }
    var symbol = event.target.closest(".flowchart-page [data-step]");
    if (symbol && openThread(symbol.dataset.step, true)) { return; }
    var stepRow = event.target.closest("tr[id^='langkah-']");
    if (stepRow && !event.target.closest("a, button, input, textarea, select, label")) {
      var number = stepRow.id.slice("langkah-".length);
      if (threadRow(number)) { openThread(number, true); }
    }
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
