// The simulator page: picks a flow, drives a session through the JSON API (docs/serve.md), and
// shows the chat, the flow's graph with where the contact is, and the contact, results and events.
// Text from flows is always put in with textContent; the only markup taken from the server is the
// flow graph's SVG, which the server escapes.

import { $, el } from "/static/dom.js";

const state = {
  flows: [], flowID: null, detail: null, session: null, shown: 0, events: [], eventsFrom: 0,
  stream: null,
};

async function api(method, path, body) {
  const opts = { method, headers: {} };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
  if (!res.ok) {
    const err = new Error((data && data.error) || res.statusText);
    err.status = res.status;
    err.data = data || {};
    throw err;
  }
  return data;
}

function notice(text, kind = "info") {
  const p = el("p", { class: kind, text });
  $("notices").append(p);
  while ($("notices").children.length > 4) $("notices").firstChild.remove();
}

// --- flows ---

async function loadInfo() {
  const info = await api("GET", "/api/info");
  const where = info.loopback ? `loopback only (${info.addr})` : `${info.addr}: reachable from the network`;
  const http = info.allow_http ? "real HTTP calls allowed" : "no network: HTTP calls answered by mocks";
  $("served").textContent = `Serving ${info.root} on ${where}; ${http}.`;
  $("desktop-link").hidden = !info.desktop;
}

async function loadFlows() {
  const data = await api("GET", "/api/flows");
  state.flows = data.flows;
  const list = $("flows");
  list.replaceChildren();
  for (const f of data.flows) {
    const counts = f.errors ? ` · ${f.errors} error${f.errors > 1 ? "s" : ""}` : (f.warnings ? ` · ${f.warnings} warning${f.warnings > 1 ? "s" : ""}` : "");
    const b = el("button", { type: "button", "data-flow": f.id, "aria-current": f.id === state.flowID ? "true" : "false", onclick: () => selectFlow(f.id) },
      f.name, el("small", { class: f.errors ? "bad" : "", text: `${f.file} · ${f.nodes} node${f.nodes === 1 ? "" : "s"}${counts}` }));
    list.append(el("li", {}, b));
  }
  const probs = $("file-problems");
  probs.replaceChildren();
  if (data.problems.length) {
    probs.append(el("h3", { text: "Files that can't be read" }));
    const ul = el("ul", { class: "findings" });
    for (const p of data.problems) ul.append(el("li", { text: `${p.file}${p.line ? `:${p.line}:${p.column}` : ""}: ${p.message}` }));
    probs.append(ul);
  }
  if (!data.flows.length) notice(`No flows under ${data.root}.`, "error");
}

function showGraph(detail, note) {
  state.graph = detail;
  $("graph-name").textContent = detail.name + (note ? ` (${note})` : "");
  $("graph").innerHTML = detail.svg;
}

async function selectFlow(id, replies) {
  state.flowID = id;
  for (const b of document.querySelectorAll("#flows button")) b.setAttribute("aria-current", b.dataset.flow === id ? "true" : "false");
  const detail = await api("GET", `/api/flows/${id}`);
  state.detail = detail;
  showGraph(detail);
  showFindings(detail);
  if (!detail.runnable) {
    endSession();
    setControls(null);
    $("status").textContent = "can't run";
    return;
  }
  await startSession(replies);
}

function showFindings(detail) {
  const box = $("findings");
  box.replaceChildren();
  const errs = detail.findings || [];
  if (detail.runnable && !errs.length) { box.hidden = true; return; }
  box.hidden = false;
  box.append(el("strong", { text: detail.runnable
    ? `${errs.length} finding${errs.length === 1 ? "" : "s"} (the flow runs):`
    : "This flow can't run until these are fixed:" }));
  const ul = el("ul");
  const lines = detail.runnable ? [] : (detail.blocked || []);
  for (const l of lines) ul.append(el("li", {}, el("code", { text: l })));
  if (detail.runnable) {
    for (const f of errs) ul.append(el("li", {}, el("code", { text: `${detail.file}:${f.line}:${f.column}` }), ` ${f.severity}: ${f.message} [${f.code}]`));
  }
  box.append(ul);
}

// --- sessions ---

function contactOptions() {
  const v = (id) => $(id).value.trim();
  const contact = {};
  if (v("opt-name")) contact.name = v("opt-name");
  if (v("opt-lang")) contact.language = v("opt-lang");
  if (v("opt-urn")) contact.urns = [v("opt-urn")];
  if (v("opt-channel")) contact.channel = v("opt-channel");
  if (v("opt-groups")) contact.groups = v("opt-groups").split(",").map((s) => s.trim()).filter(Boolean);
  const fields = {};
  for (const line of $("opt-fields").value.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) fields[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  if (Object.keys(fields).length) contact.fields = fields;
  const req = { flow: state.flowID, contact };
  if (v("opt-trigger") !== "manual") req.trigger = v("opt-trigger");
  if (v("opt-now")) req.now = v("opt-now");
  if (v("opt-seed")) req.seed = Number(v("opt-seed"));
  return req;
}

async function startSession(replies) {
  const req = contactOptions();
  if (replies && replies.length) req.replies = replies;
  if (req.trigger === "msg" && !(replies && replies.length)) {
    // the first reply starts the flow: wait for it
    endSession();
    $("messages").replaceChildren(el("li", { class: "note notice", text: "The msg trigger starts the flow with the first message: type it." }));
    state.pendingMsgTrigger = true;
    setControls({ status: "waiting", waiting: { accepts: ["a text message"] } });
    $("status").textContent = "waiting for the first message";
    return;
  }
  state.pendingMsgTrigger = false;
  try {
    const s = await api("POST", "/api/sessions", req);
    beginSession(s);
  } catch (e) {
    endSession();
    setControls(null);
    if (e.data.problems) showFindings({ runnable: false, blocked: e.data.problems, findings: [] });
    notice(e.message, "error");
  }
}

function endSession() {
  if (state.stream) state.stream.close();
  state.stream = null;
  state.session = null;
  delete document.body.dataset.session;
  state.shown = 0;
  state.events = [];
  state.eventsFrom = 0;
  $("messages").replaceChildren();
  $("quick-replies").replaceChildren();
  $("pane-events").replaceChildren();
  $("save").setAttribute("aria-disabled", "true");
  $("save").setAttribute("href", "#");
}

function beginSession(s) {
  endSession();
  state.session = s;
  document.body.dataset.session = s.id;
  appendEntries(s.transcript);
  render(s);
  // The stream says hello once the server streams to it, and again after each reconnect: what
  // happened before then (an agent's reply, say) was never streamed, so the page takes the
  // session afresh. Reloads and notices come on the page's own stream (wire), not this one.
  state.stream = new EventSource(`/api/sessions/${s.id}/stream`);
  state.stream.addEventListener("hello", () => refresh());
  state.stream.addEventListener("entries", (ev) => {
    appendEntries(JSON.parse(ev.data));
    refresh();
  });
  const save = $("save");
  save.setAttribute("href", `/api/sessions/${s.id}/scenario`);
  save.removeAttribute("aria-disabled");
}

async function refresh() {
  if (!state.session) return;
  try {
    const s = await api("GET", `/api/sessions/${state.session.id}`);
    if (!state.session || state.session.id !== s.id) return;
    appendEntries(s.transcript);
    render(s);
  } catch (e) { notice(e.message, "error"); }
}

// resume sends a reply (or a timeout, an expiry). Replies are sent one after the other, in the
// order given: one typed while the last is on its way waits for it rather than being lost.
let resumeChain = Promise.resolve();
function resume(body) {
  resumeChain = resumeChain.then(() => resumeNow(body));
  return resumeChain;
}

async function resumeNow(body) {
  if (state.pendingMsgTrigger) {
    state.pendingMsgTrigger = false;
    return startSession([body.text]);
  }
  if (!state.session) return;
  try {
    const r = await api("POST", `/api/sessions/${state.session.id}/resume`, body);
    appendEntries(r.entries);
    render(r.state);
  } catch (e) {
    const accepts = e.data && e.data.accepts ? `; it accepts ${e.data.accepts.join(", ")}` : "";
    appendEntries([{ index: -1, kind: "notice", line: `! ${e.message}${accepts}` }]);
  }
}

// --- the chat ---

function appendEntries(entries) {
  const box = $("messages");
  for (const e of entries) {
    if (e.index >= 0 && e.index < state.shown) continue;
    if (e.index >= 0) state.shown = e.index + 1;
    box.append(entryItem(e));
  }
  box.scrollTop = box.scrollHeight;
}

const isImage = (type) => type.startsWith("image/");

function attachment(a) {
  const i = a.indexOf(":");
  const type = i > 0 ? a.slice(0, i) : "";
  const url = i > 0 ? a.slice(i + 1) : a;
  const link = el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: `📎 ${type || "attachment"}: ${url}` });
  const local = url.startsWith("data:") || url.startsWith("/");
  return el("span", { class: "attachment" }, link, isImage(type) && local ? el("img", { src: url, alt: `image attachment ${url}` }) : null);
}

function entryItem(e) {
  switch (e.kind) {
    case "message":
    case "spoken": {
      const b = el("div", { class: "bubble" }, el("span", { class: "who", text: e.kind === "spoken" ? "flow (spoken)" : "flow" }), e.text || "");
      for (const a of e.attachments || []) b.append(el("br"), attachment(a));
      return el("li", { class: "from-flow", "data-kind": e.kind }, b);
    }
    case "reply": {
      const b = el("div", { class: "bubble" }, el("span", { class: "who", text: "contact" }), e.text || "");
      return el("li", { class: "from-contact", "data-kind": "reply" }, b);
    }
    case "agent": {
      const b = el("div", { class: "bubble" }, el("span", { class: "who", text: "agent" }), e.text || "");
      return el("li", { class: "from-agent", "data-kind": "agent" }, b);
    }
    default:
      return el("li", { class: `note ${e.tone || ""} ${e.kind}`, "data-kind": e.kind, text: e.line });
  }
}

function setControls(s) {
  const waiting = s && s.status === "waiting" && s.waiting;
  const agent = s && s.ticket && s.ticket.contact && s.status !== "waiting";
  const canType = waiting || agent;
  $("reply-text").disabled = !canType;
  $("send").disabled = !canType;
  $("timeout").disabled = !(waiting && s.waiting.timeout_seconds !== undefined && s.waiting.accepts.includes("/timeout"));
  $("expire").disabled = !(waiting && s.waiting.accepts && s.waiting.accepts.includes("/expire"));
  let text = "";
  if (waiting) text = `Waiting: it accepts ${s.waiting.accepts.join(", ")}${s.waiting.timeout_seconds !== undefined ? ` (times out after ${s.waiting.timeout_seconds}s)` : ""}.`;
  else if (agent) text = `With an agent (desktop contact ${s.ticket.contact}): messages go to the agent desktop.`;
  else if (s) text = `The session is ${s.status}. Reset to start again.`;
  $("waiting").textContent = text;
}

function render(s) {
  // Answers overtake one another (a refresh started before a reply may land after the reply's
  // own answer): a session's events and transcript only grow, so an older state is not shown
  // over a newer one.
  const shown = state.session;
  const entries = (x) => x.first_entry + x.transcript.length;
  if (shown && shown.id === s.id && (s.events < shown.events || entries(s) < entries(shown))) return;
  state.session = s;
  $("status").textContent = s.status;
  setControls(s);
  // quick replies of the last message, while the flow waits
  const qr = $("quick-replies");
  qr.replaceChildren();
  if (s.status === "waiting") {
    const last = [...s.transcript].reverse().find((e) => e.kind === "message" || e.kind === "reply");
    if (last && last.kind === "message") {
      for (const q of last.quick_replies || []) qr.append(el("button", { type: "button", onclick: () => resume({ text: q }) }, q));
    }
  }
  markGraph(s).catch((e) => notice(e.message, "error"));
  renderContact(s);
  renderResults(s);
  loadEvents(s);
}

// markGraph marks the path and the node the contact is at. When the contact is in a subflow the
// graph shows that flow (as RapidPro's simulator does), and goes back when it returns.
async function markGraph(s) {
  const want = s.current ? s.current.flow_uuid : state.detail && state.detail.uuid;
  if (state.graph && want && state.graph.uuid !== want) {
    const f = state.flows.find((x) => x.uuid === want && x.file === state.detail.file) || state.flows.find((x) => x.uuid === want);
    if (f) {
      const d = f.id === state.detail.id ? state.detail : await api("GET", `/api/flows/${f.id}`);
      if (state.session !== s) return;
      showGraph(d, d.uuid === state.detail.uuid ? "" : "subflow");
    }
  }
  const svg = $("graph").querySelector("svg");
  if (!svg) return;
  for (const n of svg.querySelectorAll(".current, .visited, .taken")) {
    n.classList.remove("current", "visited", "taken");
    n.removeAttribute("aria-current");
  }
  const flow = state.graph && state.graph.uuid;
  for (const p of s.path) {
    if (p.flow_uuid !== flow) continue;
    const box = svg.querySelector(`[data-node="${CSS.escape(p.node_uuid)}"]`);
    if (box) box.classList.add("visited");
    if (p.exit_uuid) for (const edge of svg.querySelectorAll(`[data-exit="${CSS.escape(p.exit_uuid)}"]`)) edge.classList.add("taken");
  }
  if (s.current && s.current.flow_uuid === flow) {
    const box = svg.querySelector(`[data-node="${CSS.escape(s.current.node_uuid)}"]`);
    if (box) {
      box.classList.add("current");
      box.setAttribute("aria-current", "step");
      const view = $("graph");
      const r = box.getBBox();
      const scale = svg.clientWidth / svg.viewBox.baseVal.width || 1;
      view.scrollTo({ left: r.x * scale - view.clientWidth / 3, top: (r.y + box.transform.baseVal[0].matrix.f) * scale - view.clientHeight / 3, behavior: "auto" });
    }
  }
}

// --- panes ---

function table(headers, rows) {
  const t = el("table", {}, el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col", text: h })))));
  const body = el("tbody");
  for (const r of rows) body.append(el("tr", {}, ...r.map((c) => el("td", { text: c }))));
  t.append(body);
  return t;
}

function renderContact(s) {
  const c = s.contact;
  const pane = $("pane-contact");
  pane.replaceChildren();
  if (!c) { pane.append(el("p", { text: "This session has no contact." })); return; }
  const rows = [["name", c.name || ""], ["language", c.language || ""], ["status", c.status || ""],
    ["urns", (c.urns || []).join(", ")], ["groups", (c.groups || []).map((g) => g.name).join(", ")]];
  if (c.timezone) rows.push(["timezone", c.timezone]);
  for (const [k, v] of Object.entries(c.fields || {})) rows.push([`fields.${k}`, v && typeof v === "object" ? v.text : String(v)]);
  pane.append(table(["Contact", "Value"], rows));
  if (s.ticket) {
    pane.append(el("h3", { text: "Ticket" }), table(["", ""], [["topic", s.ticket.topic || ""], ["queue", s.ticket.queue || ""],
      ["desktop contact", s.ticket.contact || ""], ["routing", s.ticket.routing || ""]]));
  }
  pane.append(el("details", {}, el("summary", { text: "Contact JSON" }), el("pre", { text: JSON.stringify(c, null, 2) })));
}

function renderResults(s) {
  const pane = $("pane-results");
  pane.replaceChildren();
  if (!s.results.length) { pane.append(el("p", { text: "No results yet." })); return; }
  pane.append(table(["Result", "Value", "Category", "Flow"], s.results.map((r) => [r.name, r.value, r.category || "", r.flow])));
}

// loadEvents appends the events the pane doesn't show yet; calls are chained so that two
// renders in a row don't fetch (and show) the same events twice.
let eventsChain = Promise.resolve();
function loadEvents(s) {
  eventsChain = eventsChain.then(async () => {
    if (!state.session || state.session.id !== s.id || s.events <= state.eventsFrom) return;
    const data = await api("GET", `/api/sessions/${s.id}/events?from=${state.eventsFrom}`);
    if (!state.session || state.session.id !== s.id) return;
    const pane = $("pane-events");
    for (const item of data.events) {
      if (item.index < state.eventsFrom) continue;
      pane.append(el("details", { class: "event", "data-type": item.type },
        el("summary", { text: `${item.index + 1}. ${item.type}` }), el("pre", { text: JSON.stringify(item.event, null, 2) })));
      state.eventsFrom = item.index + 1;
    }
  }).catch((e) => notice(e.message, "error"));
  return eventsChain;
}

function selectTab(tab) {
  for (const t of document.querySelectorAll('[role="tab"]')) {
    const on = t === tab;
    t.setAttribute("aria-selected", on ? "true" : "false");
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !on;
  }
  tab.focus();
}

// --- files changing ---

async function filesChanged(msg) {
  if (msg.error) { notice(`Reload failed: ${msg.error}`, "error"); return; }
  const replies = state.session ? state.session.replies : [];
  await loadFlows();
  if (state.flowID && state.flows.some((f) => f.id === state.flowID)) {
    notice(`${msg.changed.join(", ")} changed: reloaded${replies.length ? `, replaying ${replies.length} repl${replies.length === 1 ? "y" : "ies"}` : ""}.`);
    await selectFlow(state.flowID, replies);
  } else if (state.flowID) {
    notice(`${msg.changed.join(", ")} changed: the flow is gone; pick another.`);
  }
}

// --- wiring ---

function wire() {
  $("reply-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("reply-text").value;
    if (!text.trim()) return;
    $("reply-text").value = "";
    resume({ text });
  });
  $("timeout").addEventListener("click", () => resume({ type: "timeout" }));
  $("expire").addEventListener("click", () => resume({ type: "expire" }));
  $("reset").addEventListener("click", () => { if (state.flowID) selectFlow(state.flowID); });
  $("options-form").addEventListener("submit", (ev) => { ev.preventDefault(); if (state.flowID) startSession(); });
  $("save").addEventListener("click", (ev) => { if ($("save").getAttribute("aria-disabled") === "true") ev.preventDefault(); });
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  for (const t of tabs) {
    t.addEventListener("click", () => selectTab(t));
    t.addEventListener("keydown", (ev) => {
      const i = tabs.indexOf(t);
      if (ev.key === "ArrowRight") selectTab(tabs[(i + 1) % tabs.length]);
      if (ev.key === "ArrowLeft") selectTab(tabs[(i + tabs.length - 1) % tabs.length]);
    });
  }
  // The page hears of reloads and dropped sessions on this stream alone (a session's stream
  // carries them too, for clients that open only that one), from its hello on: main waits for it.
  const server = new EventSource("/api/stream");
  server.addEventListener("files_changed", (ev) => filesChanged(JSON.parse(ev.data)));
  server.addEventListener("notice", (ev) => notice(JSON.parse(ev.data).message));
  return new Promise((resolve) => server.addEventListener("hello", () => resolve(), { once: true }));
}

// main says the page is ready (data-ready, which the browser tests wait for) once it shows the
// flows and listens for changes to their files.
async function main() {
  const listening = wire();
  setControls(null);
  try {
    await listening;
    await loadInfo();
    await loadFlows();
    const wanted = new URLSearchParams(location.search).get("flow");
    const first = state.flows.find((f) => f.id === wanted || f.uuid === wanted || f.name === wanted);
    if (first) await selectFlow(first.id);
  } catch (e) {
    notice(e.message, "error");
  }
  document.body.dataset.ready = "true";
}

main();
