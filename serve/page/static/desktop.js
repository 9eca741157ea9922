// The agent desktop page: the agent, their contacts and controls, and the plugins in iframes.
// The desktop itself runs on the server (package desktop): this page shows it, sends the agent's
// controls, forwards what plugin iframes post (with the origin the browser vouches for) and posts
// what the desktop sends each plugin window to that window only, with its plugin's origin as the
// target origin, never "*".

import { $, el } from "/static/dom.js";

const state = { desk: null, seen: 0, notesSeen: 0, popups: [], frames: new Map(), loading: null };

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

function notice(text, level) {
  $("notices").append(el("p", { text, class: level ? `level-${level}` : undefined }));
  while ($("notices").children.length > 4) $("notices").firstChild.remove();
}

// --- plugin windows ---

// frameFor makes a plugin window's iframe once, in a figure with its caption: an iframe that
// moves in the page reloads, so it stays where it was made.
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
  f.caption = el("figcaption", { text: title });
  f.figure = el("figure", { class: "plugin", "data-window": windowID }, f.caption, f);
  f.baseTitle = title;
  state.frames.set(windowID, f);
  container.append(f.figure);
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
    if (!wanted.has(id)) { f.figure.remove(); state.frames.delete(id); continue; }
    // SmartAgent's hidePlugin, showPlugin and setTitleTag
    const view = (d.views || {})[id] || {};
    f.figure.hidden = !!view.hidden;
    const title = view.title ? `${f.baseTitle}: ${view.title}` : f.baseTitle;
    if (f.caption.textContent !== title) { f.caption.textContent = title; f.title = title; }
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

// Controls carry data-key, so that a re-render (the desktop changes all the time) gives focus
// and half-typed text back to the same control.
function contactCard(c, d) {
  const pay = { contactId: c.contact_id };
  const key = (name) => `c${c.ref}-${name}`;
  const btn = (label, action, extra) => el("button", {
    type: "button", "data-key": key(action), onclick: () => act(action, { ...pay, ...(extra || {}) }),
  }, label);
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

  const session = d.sessions[`#${c.ref}`];
  const card = el("li", { class: "contact", "data-ref": c.ref, "data-state": c.state },
    el("h3", { text: `#${c.ref} · ${c.channel} · ${c.state.replaceAll("_", " ")}${c.queue ? ` · ${c.queue}` : ""}` }),
    el("p", { class: "ids", text: `ContactId ${c.contact_id} · InitialContactId ${c.initial_contact_id}${c.previous_contact_id ? ` · PreviousContactId ${c.previous_contact_id}` : ""}` }),
    el("p", { class: "ids", text: `${c.customer.name || "(no name)"} ${c.customer.phone || ""}${session ? ` · flow session ${session}` : ""}` }));
  if (c.card && (c.card.name || c.card.userImg)) {
    // what a MAX plugin sent with ContactCardData
    card.append(el("p", { class: "card-data" },
      c.card.userImg ? el("img", { src: c.card.userImg, alt: "", width: 24, height: 24 }) : null,
      `Contact card: ${c.card.name || ""}`));
  }
  const flags = [c.masked && "masked", c.recording && "recording"].filter(Boolean);
  if (flags.length) card.append(el("p", { class: "ids", text: flags.join(" · ") }));
  card.append(controls);
  const attrs = Object.entries(c.attributes || {});
  if (attrs.length) {
    card.append(el("p", { class: "ids", text: "Attributes: " + attrs.map(([k, v]) => `${k}=${v}`).join(", ") }));
  }
  if (c.channel === "chat") {
    const lines = el("ol", { class: "chat-lines", "aria-label": `Chat with contact #${c.ref}` });
    for (const m of c.messages || []) {
      lines.append(el("li", { class: m.from === "agent" ? "from-agent" : "from-contact" },
        el("div", { class: "bubble" }, el("span", { class: "who", text: m.from }), m.text)));
    }
    card.append(lines);
    if (c.state === "connected") {
      const input = el("input", { autocomplete: "off", "data-key": key("reply"), "aria-label": `Reply to contact #${c.ref}` });
      card.append(el("form", { class: "reply", onsubmit: (ev) => {
        ev.preventDefault();
        if (!input.value.trim()) return;
        act("SendMessage", { ...pay, body: input.value });
        input.value = "";
      } }, input, el("button", { type: "submit", "data-key": key("send") }, "Send")));
    }
  }
  if (live) card.append(transferForm(c, d, pay, key));
  return card;
}

// transferForm transfers to an agent, a queue, a quick connect or a phone number; the target box
// suggests the desktop's own (other agents, queues, quick connects).
function transferForm(c, d, pay, key) {
  const listID = `transfer-targets-${c.ref}`;
  const list = el("datalist", { id: listID });
  const type = el("select", { "data-key": key("transfer-type"), "aria-label": `Transfer type for contact #${c.ref}` },
    ...["queue", "agent", "quick_connect", "phone_number"].map((t) => el("option", { value: t, text: t.replace("_", " ") })));
  const target = el("input", { autocomplete: "off", list: listID, "data-key": key("transfer-target"), "aria-label": `Transfer target for contact #${c.ref}` });
  const suggest = () => {
    const queues = new Set(d.queues || []);
    for (const x of d.contacts) if (x.queue) queues.add(x.queue);
    const options = {
      queue: [...queues],
      agent: (d.directory || []).map((a) => a.username || a.id),
      quick_connect: (d.quick_connects || []).map((q) => q.name),
      phone_number: [],
    }[type.value] || [];
    list.replaceChildren(...options.map((o) => el("option", { value: o })));
    target.placeholder = type.value === "phone_number" ? "+14155550123" : options.slice(0, 2).join(", ");
  };
  type.addEventListener("change", suggest);
  const form = el("form", { class: "transfer", onsubmit: (ev) => {
    ev.preventDefault();
    act("TransferTask", { ...pay, targetType: type.value, target: target.value.trim() });
  } }, type, target, list, el("button", { type: "submit", "data-key": key("transfer") }, "Transfer"));
  form.suggest = suggest;
  suggest();
  return form;
}

function render(d) {
  // what the desktop sent before this page opened was for windows that are gone, and the
  // notifications from before are old news
  if (!state.desk) {
    state.seen = Math.max(state.seen, d.outbox);
    state.notesSeen = d.notes.length ? d.notes[d.notes.length - 1].seq : 0;
  }
  state.desk = d;
  const a = d.agent;
  $("agent-line").textContent = `${a.name} (${a.username}) · ${d.status}${a.reason && d.status === "Unavailable" ? ` (${a.reason})` : ""}${a.next_status ? ` · next: ${a.next_status}` : ""}${a.muted ? " · muted" : ""} · ${d.now}`;
  document.body.dataset.status = d.status;
  $("mute").textContent = a.muted ? "Unmute" : "Mute";
  $("mute").setAttribute("aria-pressed", String(!!a.muted));
  if (document.activeElement !== $("status-select")) $("status-select").value = a.status;

  const list = $("contacts");
  const focused = document.activeElement && list.contains(document.activeElement) ? document.activeElement : null;
  const focusKey = focused && focused.dataset.key;
  const focusRef = focused && focused.closest("[data-ref]") && focused.closest("[data-ref]").dataset.ref;
  const values = {};
  for (const e of list.querySelectorAll("input[data-key], select[data-key]")) values[e.dataset.key] = e.value;
  list.replaceChildren(...d.contacts.map((c) => contactCard(c, d)));
  if (!d.contacts.length) list.append(el("li", { class: "muted", text: "No contacts." }));
  for (const e of list.querySelectorAll("input[data-key], select[data-key]")) {
    if (e.dataset.key in values) e.value = values[e.dataset.key];
    if (e.tagName === "SELECT") e.closest("form").suggest();
  }
  if (focused) {
    // the same control, else the first control of the same contact (Accept is gone once the
    // contact is accepted), else the list's heading
    const same = focusKey && list.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
    const card = focusRef && list.querySelector(`[data-ref="${CSS.escape(focusRef)}"]`);
    const first = card && card.querySelector("button, input, select");
    (same || first || $("contacts-title")).focus();
  }
  renderFrames(d);
  showNotes(d.notes);
  if (d.timeline) {
    $("timeline").hidden = false;
    $("timeline-line").textContent = `${d.timeline.file}: ${d.timeline.next} of ${d.timeline.steps} steps played`;
    $("timeline-next").disabled = d.timeline.next >= d.timeline.steps;
  }
  loadLog();
}

// showNotes shows what SmartAgent plugins asked for since the last time: notifications as
// notices, pop-ups in a dialog, one after the other.
function showNotes(notes) {
  for (const n of notes) {
    if (n.seq <= state.notesSeen) continue;
    state.notesSeen = n.seq;
    if (n.kind === "popup") state.popups.push(n);
    else notice(`${n.plugin}: ${n.title ? `${n.title}: ` : ""}${n.message}`, n.level);
  }
  nextPopup();
}

function nextPopup() {
  const dialog = $("popup");
  if (dialog.open || !state.popups.length) return;
  const n = state.popups.shift();
  $("popup-title").textContent = n.title || `Message from ${n.plugin}`;
  $("popup-message").textContent = n.message;
  $("popup-from").textContent = `from plugin ${n.plugin}`;
  dialog.showModal();
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

// load shows the desktop as the server has it. A call while a fetch is on its way queues one
// more (a burst of changes costs two fetches, not one each); the promise settles once the page
// shows a state fetched after the call.
function load() {
  if (state.next) return state.next;
  if (state.loading) {
    state.next = state.loading.then(() => { state.next = null; return load(); });
    return state.next;
  }
  state.loading = api("GET", "/api/desktop").then(render).catch((e) => notice(e.message))
    .finally(() => { state.loading = null; });
  return state.loading;
}

// resync takes the desktop afresh and what it sent plugin windows since the page last heard.
function resync() {
  return Promise.all([load(), catchUp()]).catch((e) => notice(e.message));
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
  $("popup-ok").addEventListener("click", () => $("popup").close());
  $("popup").addEventListener("close", () => nextPopup());
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
  // The stream says hello once the server streams to it, and again after each reconnect: what
  // changed before then was never streamed, so the page takes it afresh.
  const stream = new EventSource("/api/desktop/stream");
  state.listening = new Promise((resolve) => {
    stream.addEventListener("hello", () => {
      if (document.body.dataset.ready) resync();
      resolve();
    });
  });
  stream.addEventListener("outbound", (ev) => deliver(JSON.parse(ev.data)));
  stream.addEventListener("changed", () => load());
}

// main shows the desktop and says it is ready (data-ready, which the browser tests wait for)
// only once the stream listens: a contact that arrives after that shows up, one that arrived
// before is in the state taken after the hello.
async function main() {
  wire();
  await load();
  await state.listening;
  await resync();
  document.body.dataset.ready = "true";
}

main();
