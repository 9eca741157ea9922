// The agent desktop page: the agent, their contacts and controls, and the plugins in iframes.
// The desktop itself runs on the server (package desktop): this page shows it, sends the agent's
// controls, forwards what plugin iframes post (with the origin the browser vouches for) and posts
// what the desktop sends each plugin window to that window only, with its plugin's origin as the
// target origin, never "*".

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
};

const state = { desk: null, seen: 0, frames: new Map(), loading: null };

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
  if (!res.ok) throw new Error((data && data.error) || res.statusText);
  return data;
}

function notice(text) {
  $("notices").append(el("p", { text }));
  while ($("notices").children.length > 4) $("notices").firstChild.remove();
}

// --- plugin windows ---

function frameFor(plugin, windowID, ref, container, title) {
  let f = state.frames.get(windowID);
  if (f) return f;
  f = el("iframe", {
    class: "plugin-frame", src: plugin.url, title, "data-plugin": plugin.id, "data-window": windowID,
    "data-ref": ref || "", sandbox: "allow-scripts allow-same-origin allow-forms allow-popups",
  });
  f.queue = [];
  f.ready = false;
  f.addEventListener("load", () => {
    f.ready = true;
    for (const o of f.queue.splice(0)) post(f, o);
  });
  state.frames.set(windowID, f);
  container.append(f);
  return f;
}

function renderFrames(d) {
  const box = $("workspace-plugins");
  const wanted = new Set();
  for (const p of d.plugins) {
    if (p.panel !== "contact") {
      wanted.add(p.id);
      frameFor(p, p.id, 0, box, `${p.kind} plugin ${p.id}`);
      continue;
    }
    for (const c of d.contacts) {
      const id = `${p.id}@#${c.ref}`;
      wanted.add(id);
      frameFor(p, id, c.ref, box, `${p.kind} contact panel ${p.id} for contact #${c.ref}`);
    }
  }
  for (const [id, f] of state.frames) {
    if (!wanted.has(id)) { f.remove(); state.frames.delete(id); }
  }
}

function post(frame, o) {
  frame.contentWindow.postMessage(o.data, o.target_origin);
}

// deliver passes one thing the desktop sent to its window, once, in order.
function deliver(o) {
  if (o.seq <= state.seen) return;
  state.seen = o.seq;
  if (o.console) {
    console.warn(`[${o.plugin} ${o.window}] ${o.console}`);
    return;
  }
  const f = state.frames.get(o.window);
  if (!f) return;
  if (f.ready) post(f, o); else f.queue.push(o);
}

window.addEventListener("message", (ev) => {
  let frame = null;
  for (const f of state.frames.values()) if (f.contentWindow === ev.source) frame = f;
  if (!frame) return; // not from a plugin iframe
  let data = ev.data;
  if (typeof data !== "string") {
    try { data = JSON.parse(JSON.stringify(data)); } catch { data = String(data); }
  }
  api("POST", "/api/desktop/messages", {
    plugin: frame.dataset.plugin, window: frame.dataset.window, contact_ref: Number(frame.dataset.ref) || 0,
    origin: ev.origin, data,
  }).catch((e) => notice(e.message));
});

// --- the desktop ---

async function act(action, payload) {
  try {
    const r = await api("POST", "/api/desktop/actions", { action, payload: payload || {} });
    if (r.aborted) notice(`${action} was stopped by ${r.aborted_by}${r.reason ? `: ${r.reason}` : ""}`);
    else if (r.error) notice(`${action}: ${r.error}`);
  } catch (e) { notice(e.message); }
}

function contactCard(c, sessions) {
  const pay = { contactId: c.contact_id };
  const btn = (label, action, extra) => el("button", { type: "button", onclick: () => act(action, { ...pay, ...(extra || {}) }) }, label);
  const controls = el("div", { class: "controls", role: "group", "aria-label": `Controls for contact #${c.ref}` });
  const live = c.state === "connected" || c.state === "on_hold";
  if (c.state === "incoming") controls.append(btn("Accept", "AcceptTask"), btn("Reject", "RejectTask"));
  if (live && c.channel === "voice") {
    controls.append(c.state === "on_hold" ? btn("Unhold", "UnholdCall") : btn("Hold", "HoldCall"),
      btn(c.masked ? "Unmask" : "Mask", "ToggleMask"), btn(c.recording ? "Stop recording" : "Record", "ToggleRecording"),
      btn("Hang up", "HangupCall"));
  }
  if (live) controls.append(btn("Wrap up", "WrapupTask"));
  if (c.state === "after_call_work") controls.append(btn("Complete", "CompleteTask"));

  const lines = el("ol", { class: "chat-lines", "aria-label": `Chat with contact #${c.ref}` });
  for (const m of c.messages || []) {
    lines.append(el("li", { class: m.from === "agent" ? "from-agent" : "from-contact" },
      el("div", { class: "bubble" }, el("span", { class: "who", text: m.from }), m.text)));
  }
  const card = el("li", { class: "contact", "data-ref": c.ref, "data-state": c.state },
    el("h3", { text: `#${c.ref} · ${c.channel} · ${c.state} · ${c.queue || ""}` }),
    el("p", { class: "ids", text: `ContactId ${c.contact_id} · InitialContactId ${c.initial_contact_id}${c.previous_contact_id ? ` · PreviousContactId ${c.previous_contact_id}` : ""}` }),
    el("p", { class: "ids", text: `${c.customer.name || "(no name)"} ${c.customer.phone || ""}${sessions[`#${c.ref}`] ? ` · flow session ${sessions[`#${c.ref}`]}` : ""}` }),
    controls);
  const attrs = Object.entries(c.attributes || {});
  if (attrs.length) {
    card.append(el("p", { class: "ids", text: "Attributes: " + attrs.map(([k, v]) => `${k}=${v}`).join(", ") }));
  }
  if (c.channel === "chat") {
    card.append(lines);
    if (c.state === "connected") {
      const input = el("input", { autocomplete: "off", "aria-label": `Reply to contact #${c.ref}` });
      card.append(el("form", { onsubmit: (ev) => {
        ev.preventDefault();
        if (!input.value.trim()) return;
        act("SendMessage", { ...pay, body: input.value });
        input.value = "";
      } }, input, el("button", { type: "submit" }, "Send")));
    }
  }
  if (live) {
    const type = el("select", { "aria-label": `Transfer type for contact #${c.ref}` },
      ...["queue", "agent", "quick_connect", "phone_number"].map((t) => el("option", { text: t })));
    const target = el("input", { autocomplete: "off", "aria-label": `Transfer target for contact #${c.ref}` });
    card.append(el("form", { onsubmit: (ev) => { ev.preventDefault(); act("TransferTask", { ...pay, targetType: type.value, target: target.value }); } },
      type, target, el("button", { type: "submit" }, "Transfer")));
  }
  return card;
}

function render(d) {
  // what the desktop sent before this page opened was for windows that are gone
  if (!state.desk) state.seen = Math.max(state.seen, d.outbox);
  state.desk = d;
  const a = d.agent;
  $("agent-line").textContent = `${a.name} (${a.username}) · ${d.status}${a.reason && d.status === "Unavailable" ? ` (${a.reason})` : ""}${a.next_status ? ` · next: ${a.next_status}` : ""}${a.muted ? " · muted" : ""} · ${d.now}`;
  document.body.dataset.status = d.status;
  $("mute").textContent = a.muted ? "Unmute" : "Mute";
  const list = $("contacts");
  list.replaceChildren(...d.contacts.map((c) => contactCard(c, d.sessions)));
  if (!d.contacts.length) list.append(el("li", { class: "muted", text: "No contacts." }));
  renderFrames(d);
  if (d.timeline) {
    $("timeline").hidden = false;
    $("timeline-line").textContent = `${d.timeline.file}: ${d.timeline.next} of ${d.timeline.steps} steps played`;
    $("timeline-next").disabled = d.timeline.next >= d.timeline.steps;
  }
  loadLog();
}

async function loadLog() {
  const entries = await api("GET", "/api/desktop/log");
  const box = $("log");
  box.replaceChildren(...entries.slice(-150).map((e) => el("li", {
    value: e.seq, class: (e.verdict || "").split(":")[0], title: JSON.stringify(e.data || {}),
    text: [e.time.slice(11), e.kind, e.type, e.protocol, e.plugin && `${e.plugin}/${e.window || ""}`, e.direction, e.contact, e.verdict].filter(Boolean).join(" "),
  })));
  box.scrollTop = box.scrollHeight;
}

async function load() {
  if (state.loading) { state.again = true; return; }
  state.loading = api("GET", "/api/desktop");
  try {
    render(await state.loading);
  } catch (e) { notice(e.message); }
  state.loading = null;
  if (state.again) { state.again = false; load(); }
}

async function catchUp() {
  const r = await api("GET", `/api/desktop/outbox?from=${state.seen}`);
  for (const o of r.outbox) deliver(o);
}

function wire() {
  $("status-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    act("SetActivity", { activity: $("status-select").value, reason: $("status-reason").value });
  });
  $("mute").addEventListener("click", () => act("ToggleMute"));
  $("timeline-next").addEventListener("click", () => api("POST", "/api/desktop/timeline/next").catch((e) => notice(e.message)));
  $("clock-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    api("POST", "/api/desktop/clock", { advance: $("clock-advance").value }).catch((e) => notice(e.message));
  });
  $("arrive-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const a = { channel: $("arrive-channel").value, queue: $("arrive-queue").value, customer: {} };
    if ($("arrive-name").value) a.customer.name = $("arrive-name").value;
    if ($("arrive-phone").value) a.customer.phone = $("arrive-phone").value;
    api("POST", "/api/desktop/arrivals", a).catch((e) => notice(e.message));
  });
  const stream = new EventSource("/api/desktop/stream");
  // after a reconnect, take what was sent meanwhile
  stream.addEventListener("hello", () => { if (state.desk) catchUp().catch((e) => notice(e.message)); });
  stream.addEventListener("outbound", (ev) => deliver(JSON.parse(ev.data)));
  stream.addEventListener("changed", () => load());
}

async function main() {
  wire();
  await load();
  document.body.dataset.ready = "true";
}

main();
