// The registry's admin page. Every value from the API reaches the DOM through textContent or an attribute,
// never parsed as HTML, so a server name or a logged tool input cannot become markup.
"use strict";

(function () {
  const KEY = "nativemcp.adminKey";
  const REFRESH_MS = 15000;
  const state = { servers: [], tenants: [], page: 1, totalPages: 0, timer: null, tab: "servers" };

  const $ = (id) => document.getElementById(id);

  /** Builds an element: props are attributes (text: its textContent), children are nodes or strings. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "text") node.textContent = String(value);
      else if (name === "onclick") node.addEventListener("click", value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  function say(text) { $("status").textContent = text; }

  /** One admin API request; the envelope and status. A refused key logs out. */
  async function api(method, path, body) {
    const headers = { "x-admin-key": sessionStorage.getItem(KEY) || "" };
    if (body !== undefined) headers["content-type"] = "application/json";
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
    } catch (e) {
      return { status: 0, body: { success: false, error: { message: "The registry did not answer" } } };
    }
    let envelope;
    try { envelope = await response.json(); } catch (e) { envelope = { success: false, error: { message: "Not a JSON answer (" + response.status + ")" } }; }
    if (response.status === 401) logout("The admin key was refused.");
    return { status: response.status, body: envelope };
  }

  function problem(result) {
    const error = (result.body && result.body.error) || {};
    const field = error.details && error.details.field ? " (" + error.details.field + ")" : "";
    return (error.message || "Request failed with " + result.status) + field;
  }

  // ---- login -------------------------------------------------------------------------------------------------------

  async function login(key) {
    sessionStorage.setItem(KEY, key);
    const result = await api("GET", "/api/mcp-servers");
    if (result.status !== 200) {
      sessionStorage.removeItem(KEY);
      $("login-error").textContent = result.status === 401 ? "That admin key is not accepted." : problem(result);
      return;
    }
    $("login-error").textContent = "";
    $("login").hidden = true;
    $("app").hidden = false;
    $("logout").hidden = false;
    state.servers = result.body.data;
    renderServers();
    await loadTenants();
    show(state.tab);
  }

  function logout(message) {
    sessionStorage.removeItem(KEY);
    stopTimer();
    $("app").hidden = true;
    $("logout").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = message || "";
    for (const id of ["server-rows", "tenant-list", "call-rows"]) $(id).replaceChildren();
  }

  function show(tab) {
    state.tab = tab;
    for (const button of document.querySelectorAll(".tab")) button.setAttribute("aria-pressed", String(button.dataset.tab === tab));
    for (const panel of document.querySelectorAll(".panel")) panel.hidden = panel.id !== tab;
    stopTimer();
    if (tab === "calls") {
      loadCalls();
      state.timer = setInterval(() => { if ($("auto-refresh").checked) loadCalls(); }, REFRESH_MS);
    } else if (tab === "tenants") {
      loadTenants();
    } else {
      loadServers();
    }
  }

  function stopTimer() { if (state.timer) { clearInterval(state.timer); state.timer = null; } }

  // ---- servers -----------------------------------------------------------------------------------------------------

  async function loadServers() {
    const result = await api("GET", "/api/mcp-servers");
    if (result.status !== 200) return say(problem(result));
    state.servers = result.body.data;
    renderServers();
  }

  function renderServers() {
    const rows = state.servers.map((server) => {
      const env = Object.entries(server.env || {}).map(([name, value]) => name + "=" + value).join("\n");
      const remove = el("button", { type: "button", class: "danger", text: "Delete", "aria-label": "Delete " + server.name });
      remove.addEventListener("click", () => {
        // Two clicks: the first asks, the second deletes (no modal dialog to get in the way).
        if (remove.dataset.armed) return deleteServer(server);
        remove.dataset.armed = "1";
        remove.textContent = "Confirm delete";
        setTimeout(() => { delete remove.dataset.armed; remove.textContent = "Delete"; }, 5000);
      });
      return el("tr", { "data-server-id": server.id },
        el("td", {}, el("strong", { text: server.name }), server.description ? el("div", { class: "muted", text: server.description }) : ""),
        el("td", { text: [server.command].concat(server.args || []).join(" ") }),
        el("td", { class: "env", text: env }),
        el("td", { text: server.enabled ? "yes" : "no" }),
        el("td", {},
          el("button", { type: "button", text: "Edit", "aria-label": "Edit " + server.name, onclick: () => editServer(server) }), " ",
          el("button", { type: "button", class: "toggle", text: server.enabled ? "Disable" : "Enable", "aria-label": (server.enabled ? "Disable " : "Enable ") + server.name, onclick: () => patchServer(server.id, { enabled: !server.enabled }) }), " ",
          remove));
    });
    $("server-rows").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "5", class: "muted", text: "No servers registered yet." }))]));
  }

  function editServer(server) {
    $("server-id").value = server.id;
    $("server-name").value = server.name;
    $("server-description").value = server.description || "";
    $("server-command").value = server.command;
    $("server-args").value = (server.args || []).join("\n");
    $("server-env").value = Object.entries(server.env || {}).map(([name, value]) => name + "=" + value).join("\n");
    $("server-enabled").checked = server.enabled;
    $("server-form-title").textContent = "Edit " + server.name;
    $("server-save").textContent = "Save changes";
    $("server-cancel").hidden = false;
    $("server-name").focus();
  }

  function resetServerForm() {
    $("server-form").reset();
    $("server-id").value = "";
    $("server-form-title").textContent = "Add a server";
    $("server-save").textContent = "Add server";
    $("server-cancel").hidden = true;
    $("server-error").textContent = "";
  }

  function readServerForm() {
    const lines = (text) => text.split("\n").map((line) => line.trim()).filter((line) => line.length > 0);
    const env = {};
    for (const line of lines($("server-env").value)) {
      const at = line.indexOf("=");
      if (at <= 0) return { error: "Env line '" + line + "' is not NAME=value" };
      env[line.slice(0, at).trim()] = line.slice(at + 1);
    }
    const body = {
      name: $("server-name").value.trim(),
      command: $("server-command").value.trim(),
      args: lines($("server-args").value),
      env,
      enabled: $("server-enabled").checked,
    };
    const description = $("server-description").value.trim();
    if (description) body.description = description;
    return { body };
  }

  async function saveServer(event) {
    event.preventDefault();
    const form = readServerForm();
    if (form.error) { $("server-error").textContent = form.error; return; }
    const id = $("server-id").value;
    const result = id ? await api("PATCH", "/api/mcp-servers/" + encodeURIComponent(id), form.body) : await api("POST", "/api/mcp-servers", form.body);
    if (result.status !== 200 && result.status !== 201) { $("server-error").textContent = problem(result); return; }
    say((id ? "Saved " : "Added ") + result.body.data.name + ".");
    resetServerForm();
    await loadServers();
  }

  async function patchServer(id, change) {
    const result = await api("PATCH", "/api/mcp-servers/" + encodeURIComponent(id), change);
    if (result.status !== 200) return say(problem(result));
    say("Saved " + result.body.data.name + ".");
    await loadServers();
  }

  async function deleteServer(server) {
    const result = await api("DELETE", "/api/mcp-servers/" + encodeURIComponent(server.id));
    if (result.status !== 200) return say(problem(result));
    say("Deleted " + server.name + ".");
    await loadServers();
  }

  // ---- tenants -----------------------------------------------------------------------------------------------------

  async function loadTenants() {
    const [tenants, servers] = await Promise.all([api("GET", "/api/tenants"), api("GET", "/api/mcp-servers")]);
    if (tenants.status !== 200) return say(problem(tenants));
    if (servers.status === 200) state.servers = servers.body.data;
    state.tenants = tenants.body.data;
    const filter = $("filter-tenant");
    const chosen = filter.value;
    filter.replaceChildren(el("option", { value: "", text: "Any" }), ...state.tenants.map((t) => el("option", { value: t.id, text: t.name === t.id ? t.id : t.name + " (" + t.id + ")" })));
    filter.value = chosen;
    renderTenants();
  }

  function renderTenants() {
    const cards = state.tenants.map((tenant) => {
      const enabled = new Set(tenant.settings.enabledMcpServers);
      const boxes = state.servers.map((server) => {
        const id = "tenant-" + tenant.id + "-" + server.id;
        return el("label", { class: "inline", for: id },
          el("input", { type: "checkbox", id, value: server.id, checked: enabled.has(server.id), "data-tenant": tenant.id }),
          server.name + (server.enabled ? "" : " (disabled globally)"));
      });
      const error = el("p", { class: "alert", role: "alert" });
      const form = el("form", { class: "tenant", "data-tenant-id": tenant.id, "aria-label": "Servers enabled for " + tenant.name },
        el("h3", { text: tenant.name === tenant.id ? tenant.id : tenant.name + " (" + tenant.id + ")" }),
        el("fieldset", {}, el("legend", { text: "Enabled servers" }), ...(boxes.length ? boxes.flatMap((b) => [b, el("br")]) : [el("span", { class: "muted", text: "No servers registered." })])),
        el("div", { class: "buttons" }, el("button", { type: "submit", text: "Save " + tenant.id })),
        error);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const ids = Array.from(form.querySelectorAll("input[type=checkbox]")).filter((box) => box.checked).map((box) => box.value);
        const result = await api("PATCH", "/api/tenants/" + encodeURIComponent(tenant.id), { settings: { enabledMcpServers: ids } });
        if (result.status !== 200) { error.textContent = problem(result); return; }
        error.textContent = "";
        say("Saved the servers of " + tenant.id + ".");
        await loadTenants();
      });
      return form;
    });
    $("tenant-list").replaceChildren(...(cards.length ? cards : [el("p", { class: "muted", text: "No tenants: they come from the registry's tenant keys." })]));
  }

  // ---- call log ----------------------------------------------------------------------------------------------------

  function callQuery() {
    const query = new URLSearchParams();
    const put = (name, value) => { if (value) query.set(name, value); };
    put("status", $("filter-status").value);
    put("tool", $("filter-tool").value.trim());
    put("tenant", $("filter-tenant").value);
    // datetime-local is the browser's local time; the API takes UTC.
    put("from", $("filter-from").value ? new Date($("filter-from").value).toISOString() : "");
    put("to", $("filter-to").value ? new Date($("filter-to").value).toISOString() : "");
    query.set("page", String(state.page));
    query.set("pageSize", "20");
    return query.toString();
  }

  async function loadCalls() {
    const result = await api("GET", "/api/calls?" + callQuery());
    if (result.status !== 200) return say(problem(result));
    const data = result.body.data;
    state.totalPages = data.totalPages;
    const names = new Map(state.servers.map((s) => [s.id, s.name]));
    const rows = data.calls.map((call) => {
      const details = el("details", {},
        el("summary", { text: "Input and output" }),
        el("div", { class: "muted", text: "Input" }), el("pre", { class: "call-input", text: call.input === null ? "(none)" : call.input }),
        el("div", { class: "muted", text: call.error === null ? "Output" : "Error" }), el("pre", { class: "call-output", text: (call.error === null ? call.output : call.error) || "(none)" }));
      return el("tr", { "data-call-id": call.id, "data-status": call.status, "data-tool": call.tool },
        el("td", { text: new Date(call.time).toLocaleString() }),
        el("td", {}, el("span", { class: "badge " + (call.status === "ok" ? "ok" : "error"), text: call.status })),
        el("td", { text: call.tenantId }),
        el("td", { text: names.get(call.serverId) || call.serverId }),
        el("td", { text: call.tool }),
        el("td", { text: call.durationMs.toFixed(1) + " ms" }),
        el("td", {}, details));
    });
    $("call-rows").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "7", class: "muted", text: "No calls match." }))]));
    $("page-info").textContent = data.total === 0 ? "No calls" : "Page " + data.page + " of " + data.totalPages + " (" + data.total + " calls)";
    $("page-prev").disabled = data.page <= 1;
    $("page-next").disabled = data.page >= data.totalPages;
    say("Call log loaded at " + new Date().toLocaleTimeString() + ".");
  }

  // ---- wiring ------------------------------------------------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", () => {
    $("login-form").addEventListener("submit", (event) => { event.preventDefault(); login($("admin-key").value); $("admin-key").value = ""; });
    $("logout").addEventListener("click", () => logout(""));
    for (const button of document.querySelectorAll(".tab")) button.addEventListener("click", () => show(button.dataset.tab));
    $("server-form").addEventListener("submit", saveServer);
    $("server-cancel").addEventListener("click", resetServerForm);
    $("call-filters").addEventListener("submit", (event) => { event.preventDefault(); state.page = 1; loadCalls(); });
    $("calls-refresh").addEventListener("click", () => loadCalls());
    $("page-prev").addEventListener("click", () => { if (state.page > 1) { state.page--; loadCalls(); } });
    $("page-next").addEventListener("click", () => { if (state.page < state.totalPages) { state.page++; loadCalls(); } });
    const saved = sessionStorage.getItem(KEY);
    if (saved) login(saved);
  });
})();
