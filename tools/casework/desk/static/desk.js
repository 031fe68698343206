"use strict";
// The desk's page: the case list, forms made from the effective schemas, save and commit.
(function () {
  const token = document.querySelector('meta[name="casework-token"]').content;
  const $ = (id) => document.getElementById(id);
  let editor = null;
  let current = null; // {kind, path}

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  async function get(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || "the desk did not answer");
    return data;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Casework-Token": token },
      body: JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || "the desk did not answer");
    return data;
  }

  function status(text) { $("status").textContent = text; }

  function recordButton(record) {
    const button = el("button", record.path.split("/").pop() + (record.committed ? "" : " (not committed)"), "link");
    button.type = "button";
    button.dataset.path = record.path;
    button.addEventListener("click", () => openRecord(record.path));
    return button;
  }

  function startButton(label, kind, values) {
    const button = el("button", label, "link");
    button.type = "button";
    button.addEventListener("click", () => startRecord(kind, values));
    return button;
  }

  async function refresh() {
    const data = await get("/api/overview");
    $("panel-name").textContent = "— " + data.panel;
    const cases = $("cases");
    cases.replaceChildren();
    for (const item of data.cases) {
      const li = el("li", undefined, "case");
      li.dataset.case = item.id;
      li.append(el("strong", item.id), " ");
      li.append(startButton("new referral", "referral", { case_id: item.id }), " · ");
      li.append(startButton("new decision", "decision", { case_id: item.id }), " · ");
      const amendButton = el("button", "new amendment", "link");
      amendButton.type = "button";
      amendButton.addEventListener("click", () => chooseAmendment(item.id));
      li.append(amendButton);
      const records = el("ul");
      for (const record of item.records) {
        const r = el("li");
        r.append(recordButton(record));
        records.append(r);
      }
      li.append(records);
      for (const due of item.due.slice(0, 4)) {
        li.append(el("p", `${due.status.replace("_", " ")}: ${due.title} (by ${due.due})`, "due " + due.status));
      }
      cases.append(li);
    }
    const meetings = $("meetings");
    meetings.replaceChildren();
    for (const record of data.meetings) {
      const li = el("li");
      li.append(recordButton(record));
      meetings.append(li);
    }
    const pending = $("pending");
    pending.replaceChildren(...data.pending.map((name) => el("li", name)));
    if (!data.pending.length) pending.append(el("li", "nothing: every record is committed"));
  }

  function clearMessages() {
    $("messages").replaceChildren();
    for (const node of document.querySelectorAll(".desk-message")) node.remove();
  }

  function showMessages(messages) {
    clearMessages();
    for (const message of messages) {
      const text = (message.line ? `line ${message.line}: ` : "") + message.message;
      let target = null;
      if (message.field && editor) {
        for (let n = message.field.length; n > 0 && !target; n--) {
          const sub = editor.getEditor("root." + message.field.slice(0, n).join("."));
          if (sub && sub.container) target = sub.container;
        }
      }
      const node = el(target ? "p" : "li", text, (target ? "desk-message " : "") + message.severity);
      node.dataset.field = message.field ? message.field.join(".") : "";
      if (target) target.append(node); else $("messages").append(node);
    }
  }

  function clearForm() {
    if (editor) editor.destroy();
    editor = null;
    $("form").replaceChildren();
    clearMessages();
  }

  // savedAs: where a new record will be saved (an amendment's fields start at the values
  // its record has after the corrections made before it)
  async function showForm(kind, values, path, readonly, savedAs) {
    if (typeof window.JSONEditor === "undefined") {
      status($("notice").textContent || "the form library did not load");
      return;
    }
    // an amendment's form offers the fields of the record it amends, each starting at
    // the value that record has now
    const query = { kind: kind };
    if (kind === "amendment" && values && values.amends) {
      query.amends = values.amends;
      if (values.case_id) query.case_id = values.case_id;
      if (path || savedAs) query.path = path || savedAs;
    }
    const schema = await get("/api/schema?" + new URLSearchParams(query));
    clearForm();
    current = { kind: kind, path: path };
    $("form-title").textContent = (path ? "" : "New ") + (schema.title || kind);
    $("form-path").textContent = path || "";
    editor = new window.JSONEditor($("form"), {
      schema: schema,
      startval: values,
      theme: "html",
      iconlib: null,
      show_opt_in: true,
      disable_edit_json: true,
      disable_properties: true,
      disable_array_delete_all_rows: true,
      disable_array_delete_last_row: true,
      no_additional_properties: true,
      prompt_before_delete: false,
      show_errors: "never",
      use_default_values: false,
      disable_theme_rules: true,
      use_default_themestyles: false,
    });
    await new Promise((resolve) => editor.on("ready", resolve));
    if (readonly) editor.disable();
    $("save").hidden = !!readonly;
    // only a committed record is amended; one not yet committed is edited and saved
    $("amend").hidden = !(path && readonly && ["decision", "referral", "meeting"].includes(kind));
  }

  async function startRecord(kind, values) {
    status("");
    try {
      const started = await get("/api/start?" + new URLSearchParams({ kind: kind, ...values }));
      $("readonly-note").hidden = true;
      await showForm(kind, started.data, null, false, started.path);
      if (started.path) $("form-path").textContent = "will be saved as " + started.path;
      showMessages(started.messages);
    } catch (error) { status(error.message); }
  }

  // "new amendment" beside a case: the records it can amend, or why there are none
  async function chooseAmendment(caseId) {
    status("");
    try {
      const offered = await get("/api/amendable?" + new URLSearchParams({ case_id: caseId }));
      clearForm();
      current = null;
      $("readonly-note").hidden = true;
      $("save").hidden = true;
      $("amend").hidden = true;
      $("form-title").textContent = "New amendment for " + caseId;
      $("form-path").textContent = "";
      const choices = el("div", undefined, "choices");
      choices.id = "amend-choices";
      choices.append(el("p", offered.message));
      if (offered.records.length) {
        const list = el("ul");
        for (const record of offered.records) {
          const button = el("button", `${record.label} (${record.name})`, "link");
          button.type = "button";
          button.dataset.amends = record.name;
          button.addEventListener("click", () => startRecord("amendment", { case_id: caseId, amends: record.name }));
          const li = el("li");
          li.append(button);
          list.append(li);
        }
        choices.append(list);
      }
      $("form").append(choices);
    } catch (error) { status(error.message); }
  }

  async function openRecord(path) {
    status("");
    try {
      const record = await get("/api/record?path=" + encodeURIComponent(path));
      $("readonly-note").hidden = !record.readonly;
      $("readonly-note").textContent = record.why || "";
      await showForm(record.kind, record.data, record.path, record.readonly);
      current.caseId = record.case_id;
    } catch (error) { status(error.message); }
  }

  async function save() {
    if (!editor || !current) return;
    status("checking…");
    try {
      const result = await post("/api/save", { kind: current.kind, data: editor.getValue(), path: current.path });
      showMessages(result.messages);
      if (result.written) {
        status(`saved ${result.path}: it passed validate and scan`);
        current.path = result.path;
        $("form-path").textContent = result.path;
        await refresh();
      } else {
        status("not saved: fix the messages shown, then save again (nothing was written)");
      }
    } catch (error) { status(error.message); }
  }

  async function commit() {
    const output = $("commit-output");
    output.hidden = false;
    output.textContent = "committing (the hooks are running)…";
    try {
      const result = await post("/api/commit", { message: $("commit-message").value });
      output.textContent = (result.ok ? "committed: " : "NOT committed: ") + result.files.join(", ") + "\n\n" + result.output;
      if (result.ok) $("commit-message").value = "";
      await refresh();
    } catch (error) { output.textContent = error.message; }
  }

  function amend() {
    if (!current || !current.path) return;
    const parts = current.path.split("/");
    const name = parts[parts.length - 1].replace(/\.yaml$/, "");
    // a meeting record is corrected from meetings/, for no one case
    if (parts[0] === "meetings") startRecord("amendment", { amends: name });
    else startRecord("amendment", { case_id: parts[1], amends: name });
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("save").addEventListener("click", save);
    $("commit").addEventListener("click", commit);
    $("amend").addEventListener("click", amend);
    $("new-case").addEventListener("click", () => startRecord("case", { case_id: $("new-case-id").value.trim() }));
    $("new-meeting").addEventListener("click", () => startRecord("meeting", {}));
    refresh().catch((error) => status(error.message));
  });
})();
