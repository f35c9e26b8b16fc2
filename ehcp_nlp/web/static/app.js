/* ehcp_nlp auditor's workspace: progressive enhancement for the server-rendered pages.
   No libraries, nothing fetched from elsewhere. Every request to the API carries the page's
   CSRF token (from <meta name="csrf-token">) in the X-CSRF-Token header. */
(function () {
  "use strict";
  var NAME_KEY = "ehcp-auditor-name";

  function token() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function say(message, isError) {
    var box = document.getElementById("status");
    if (!box) { return; }
    box.textContent = message;
    box.className = "status " + (isError ? "error" : "ok");
  }

  function api(url, options) {
    options = options || {};
    var headers = options.headers || {};
    headers["X-CSRF-Token"] = token();
    headers["Accept"] = "application/json";
    options.headers = headers;
    options.credentials = "same-origin";
    return fetch(url, options).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (!response.ok) {
          var why = data && (data.error || data.detail || data.message);
          throw new Error(why || ("the server answered " + response.status));
        }
        return data;
      });
    });
  }

  function postJSON(url, body) {
    return api(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }

  /* -- the auditor's name, asked once and kept in this browser -- */
  var nameBox = document.querySelector("[data-auditor-name]");
  function auditorName() {
    var name = (nameBox && nameBox.value.trim()) || "";
    if (!name) { try { name = (localStorage.getItem(NAME_KEY) || "").trim(); } catch (e) { name = ""; } }
    return name;
  }
  if (nameBox) {
    try { nameBox.value = localStorage.getItem(NAME_KEY) || ""; } catch (e) { /* storage blocked */ }
    nameBox.addEventListener("change", function () {
      try { localStorage.setItem(NAME_KEY, nameBox.value.trim()); } catch (e) { /* storage blocked */ }
    });
  }
  function needName() {
    var name = auditorName();
    if (name) { return name; }
    say("Please type your name in the box at the top first: it is recorded with each decision.", true);
    if (nameBox) { nameBox.focus(); }
    return null;
  }

  /* -- audit page: flags -- */
  var audit = document.getElementById("audit");
  var flags = Array.prototype.slice.call(document.querySelectorAll("[data-flag-index]"));
  var current = -1;

  function selectFlag(i) {
    if (!flags.length) { return; }
    current = Math.max(0, Math.min(flags.length - 1, i));
    flags.forEach(function (el, n) { el.classList.toggle("current", n === current); });
    flags[current].focus();
    flags[current].scrollIntoView({ block: "center" });
  }

  function sendVerdict(form, verdict) {
    var by = needName();
    if (!by) { return; }
    var item = form.closest("[data-flag-index]");
    var reason = form.elements.reason.value;
    if (verdict === "dismiss" && !reason) {
      say("Choose a reason for dismissing this flag (wrong, template text or not important).", true);
      form.elements.reason.focus();
      return;
    }
    var body = { verdict: verdict, by: by, reason: verdict === "dismiss" ? reason : "", note: form.elements.note.value };
    postJSON(form.getAttribute("action"), body).then(function () {
      var label = verdict === "confirm" ? "Confirmed" : "Dismissed (" + reason + ")";
      var line = item.querySelector("[data-verdict]");
      if (line) { line.textContent = label + " by " + by + (body.note ? ": " + body.note : ""); }
      item.classList.remove("decided-confirm", "decided-dismiss");
      item.classList.add("decided-" + verdict);
      say("Flag " + (Number(item.getAttribute("data-flag-index")) + 1) + ": " + label.toLowerCase() + ".");
    }).catch(function (err) { say("The verdict was not recorded: " + err.message, true); });
  }

  document.querySelectorAll("[data-flag-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter || document.activeElement;
      var verdict = button && button.value === "dismiss" ? "dismiss" : "confirm";
      sendVerdict(form, verdict);
    });
    form.addEventListener("focusin", function () {
      var i = flags.indexOf(form.closest("[data-flag-index]"));
      if (i >= 0) { current = i; flags.forEach(function (el, n) { el.classList.toggle("current", n === current); }); }
    });
  });

  /* -- audit page: rating -- */
  var ratingForm = document.querySelector("[data-rating-form]");
  if (ratingForm) {
    ratingForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var by = needName();
      if (!by) { return; }
      var f = ratingForm.elements;
      if (!f.rating.value) { say("Choose a rating first.", true); f.rating.focus(); return; }
      var body = { rating: f.rating.value, by: by, role: f.role.value, note: f.note.value };
      postJSON(ratingForm.getAttribute("action"), body).then(function () {
        var list = document.getElementById("rating-history");
        if (list) {
          var li = document.createElement("li");
          li.textContent = body.role + ": " + body.rating + " by " + by + " (just now)" + (body.note ? " – " + body.note : "");
          list.appendChild(li);
        }
        say("Rating recorded: " + body.rating + " (" + body.role + ").");
      }).catch(function (err) { say("The rating was not recorded: " + err.message, true); });
    });
  }

  /* -- audit page: draft comments kept in this browser -- */
  document.querySelectorAll("[data-draft-key]").forEach(function (box) {
    var key = box.getAttribute("data-draft-key");
    var original = box.value;
    try { var saved = localStorage.getItem(key); if (saved !== null) { box.value = saved; } } catch (e) { /* blocked */ }
    box.addEventListener("input", function () { try { localStorage.setItem(key, box.value); } catch (e) { /* blocked */ } });
    var reset = document.querySelector('[data-reset-draft="' + box.id + '"]');
    if (reset) {
      reset.addEventListener("click", function () {
        box.value = original;
        try { localStorage.removeItem(key); } catch (e) { /* blocked */ }
        say("The comments are back to the tool's draft.");
      });
    }
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-copy"));
      if (!box) { return; }
      var done = function () { say("Comments copied."); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(box.value).then(done, function () { box.select(); document.execCommand("copy"); done(); });
      } else { box.select(); document.execCommand("copy"); done(); }
    });
  });

  /* -- audit page: saving the edited comments in the audit trail -- */
  document.querySelectorAll("[data-save-comments]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-save-comments"));
      var by = needName();
      if (!box || !by) { return; }
      postJSON(button.getAttribute("data-action"), { text: box.value, by: by }).then(function (data) {
        var line = document.getElementById("comments-saved");
        var saved = data && data.saved_comments;
        if (line && saved) { line.textContent = "Last saved by " + saved.decided_by + " on " + saved.decided_at.slice(0, 10) + "."; }
        say("Comments saved.");
      }).catch(function (err) { say("The comments were not saved: " + err.message, true); });
    });
  });

  /* -- audit page: an issue the tool missed, from the passage selected in a section -- */
  var picked = null;
  function sectionOf(node) {
    while (node && node !== document) {
      if (node.nodeType === 1 && node.hasAttribute("data-section-text")) { return node; }
      node = node.parentNode;
    }
    return null;
  }
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    var chosen = sel ? sel.toString() : "";
    if (!chosen.trim()) { return; }
    var section = sectionOf(sel.anchorNode);
    if (!section || section !== sectionOf(sel.focusNode)) { return; }
    var full = "";
    try { full = JSON.parse(section.getAttribute("data-section-text") || '""'); } catch (e) { return; }
    var start = full.indexOf(chosen);
    if (start < 0) { chosen = chosen.trim(); start = full.indexOf(chosen); }
    if (start < 0) { return; }
    picked = { section: section.getAttribute("data-section-key"), start: start, end: start + chosen.length, text: chosen };
    var shown = document.getElementById("issue-selection");
    if (shown) { shown.textContent = "Selected in section " + picked.section + ": \u201c" + chosen.slice(0, 80) + (chosen.length > 80 ? "\u2026" : "") + "\u201d"; }
  });
  var issueForm = document.querySelector("[data-issue-form]");
  if (issueForm) {
    issueForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!picked) { say("Select the passage the tool missed in the plan text first.", true); return; }
      var by = needName();
      if (!by) { return; }
      var note = issueForm.querySelector("[name=note]");
      var body = { section: picked.section, start: picked.start, end: picked.end, text: picked.text,
                   note: note ? note.value : "", by: by };
      postJSON(issueForm.getAttribute("action"), body).then(function (data) {
        var list = document.getElementById("issue-list");
        var issue = data && data.issue;
        if (list && issue) {
          list.appendChild(text(document.createElement("li"), "Section " + issue.section + ": \u201c" + issue.text + "\u201d \u2013 " + issue.note + " (" + issue.decided_by + ")"));
        }
        var none = document.getElementById("no-issues");
        if (none) { none.remove(); }
        if (note) { note.value = ""; }
        say("The issue was added.");
      }).catch(function (err) { say("The issue was not added: " + err.message, true); });
    });
  }

  /* -- keyboard shortcuts on the audit page: j/k move, c confirm, d dismiss -- */
  if (audit && flags.length) {
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      var t = event.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
      var key = event.key;
      if (key === "j") { event.preventDefault(); selectFlag(current + 1); }
      else if (key === "k") { event.preventDefault(); selectFlag(current < 0 ? 0 : current - 1); }
      else if ((key === "c" || key === "d") && current >= 0) {
        event.preventDefault();
        sendVerdict(flags[current].querySelector("[data-flag-form]"), key === "c" ? "confirm" : "dismiss");
      }
    });
  }

  /* -- add plans: upload and progress -- */
  var upload = document.querySelector("[data-upload]");
  var progress = document.getElementById("upload-progress");
  var failedList = document.getElementById("upload-failed");
  var polling = null;

  function text(el, value) { el.textContent = value; return el; }

  function failureLine(f) {
    if (typeof f === "string") { return f; }
    var file = f.file || f.name || "a file", reason = f.reason || f.error || "could not be read";
    return reason.indexOf(file) === 0 ? reason : file + ": " + reason;
  }

  function showStatus(data) {
    if (!progress || !data) { return; }
    var total = Number(data.total || 0), done = Number(data.done || data.finished || 0);
    var running = data.running || data.busy || (total && done < total);
    progress.innerHTML = "";
    var p = document.createElement("p");
    if (total) {
      text(p, (running ? "Reviewing: " : "Finished: ") + done + " of " + total + " file" + (total === 1 ? "" : "s") + " reviewed.");
      progress.appendChild(p);
      var bar = document.createElement("progress");
      bar.max = total; bar.value = done; bar.setAttribute("aria-label", "Files reviewed");
      progress.appendChild(bar);
    } else {
      progress.appendChild(text(p, running ? "Reviewing…" : "No files are being reviewed."));
    }
    if (data.current) { progress.appendChild(text(document.createElement("p"), "Now reading: " + data.current)); }
    var failed = data.failed || data.failures || data.errors || [];
    if (failedList && Array.isArray(failed)) {
      failedList.innerHTML = "";
      if (!failed.length) { failedList.appendChild(text(document.createElement("li"), "None so far.")); }
      failed.forEach(function (f) { failedList.appendChild(text(document.createElement("li"), failureLine(f))); });
    }
    var reviewed = data.reviewed || [];
    if (reviewed.length) {
      var heading = text(document.createElement("p"), "Reviewed:");
      var list = document.createElement("ul");
      reviewed.forEach(function (r) {
        var li = document.createElement("li");
        if (r.id) {
          var a = document.createElement("a");
          a.href = "/plans/" + encodeURIComponent(r.id);
          a.textContent = r.file || r.id;
          li.appendChild(a);
        } else { li.textContent = r.file || ""; }
        if (r.already) { li.appendChild(document.createTextNode(" (already reviewed)")); }
        list.appendChild(li);
      });
      progress.appendChild(heading);
      progress.appendChild(list);
    }
    if (!running && polling) {
      clearInterval(polling); polling = null;
      if (total) { say("Reviewing finished. The new plans are in the plan list."); }
    }
  }

  function poll() {
    api(progress.getAttribute("data-status-url")).then(showStatus).catch(function (err) {
      say("Progress could not be read: " + err.message, true);
    });
  }

  if (progress) { poll(); }
  if (upload) {
    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = upload.querySelector('input[type="file"]');
      if (!input.files.length) { say("Choose at least one file.", true); input.focus(); return; }
      var body = new FormData();
      Array.prototype.forEach.call(input.files, function (file) { body.append("files", file, file.name); });
      say("Uploading " + input.files.length + " file" + (input.files.length === 1 ? "" : "s") + "…");
      api(upload.getAttribute("action"), { method: "POST", body: body }).then(function (data) {
        var refused = (data && (data.refused || data.rejected)) || [];
        var accepted = (data && data.accepted) || [];
        say(accepted.length + " file" + (accepted.length === 1 ? "" : "s") + " uploaded and being reviewed." +
            (refused.length ? " " + refused.length + " refused: see the list of files that could not be read." : ""));
        if (data && data.status) { showStatus(data.status); }
        upload.reset();
        poll();
        if (!polling) { polling = setInterval(poll, 1000); }
      }).catch(function (err) { say("The files were not uploaded: " + err.message, true); });
    });
  }
  var folderForm = document.querySelector("[data-folder]");
  if (folderForm) {
    folderForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = folderForm.querySelector('input[name="folder"]');
      var path = input.value.trim();
      if (!path) { say("Type the folder's full path.", true); input.focus(); return; }
      say("Copying the plans in " + path + "…");
      postJSON(folderForm.getAttribute("action"), { folder: path }).then(function (data) {
        var accepted = (data && data.accepted) || [], refused = (data && data.refused) || [];
        say(accepted.length + " file" + (accepted.length === 1 ? "" : "s") + " from " + path + " added and being reviewed." +
            (refused.length ? " " + refused.length + " not added: see the list of files that could not be read." : ""));
        if (data && data.status) { showStatus(data.status); }
        folderForm.reset();
        poll();
        if (!polling) { polling = setInterval(poll, 1000); }
      }).catch(function (err) { say("The folder was not added: " + err.message, true); });
    });
  }
})();
