// Flex Actions Framework for plugins of flowctl serve's desktop: window.Flex.Actions has
// registerAction, invokeAction, addListener, removeListener and replaceAction, as in Twilio Flex.
// The desktop runs every action (one specification with flowctl's hook files: before-listeners in
// order and may abort, replacements get the original, after-listeners, errors reported); when it
// reaches one of this plugin's functions it calls it here and waits for the answer. The wire
// format is flowctl's (docs/desktop.md). Messages go to the desktop's origin only.
(() => {
  const DESKTOP = "__FLOWCTL_DESKTOP_ORIGIN__";
  let nextID = 1;
  let nextRef = 1;
  const waiting = new Map();
  const functions = new Map(); // ref → {kind, fn, event}
  const runs = new Map(); // call → resolve of a pending original/next

  const post = (m) => window.parent.postMessage(m, DESKTOP);
  function request(method, params) {
    const id = nextID++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      post({ type: "flex:request", id, method, params });
    });
  }

  async function call(m) {
    const f = functions.get(m.ref);
    const answer = { type: "flex:result", call: m.call };
    if (!f) {
      answer.error = `no function ${m.ref} in this plugin`;
      post(answer);
      return;
    }
    const payload = m.payload || {};
    try {
      if (m.kind === "listener") {
        let aborted = false;
        let reason = "";
        await f.fn(payload, (r) => { aborted = true; reason = r || ""; });
        if (aborted) { answer.abort = true; answer.reason = reason; }
      } else if (m.kind === "replacement") {
        const runner = (which) => (p) => new Promise((resolve, reject) => {
          runs.set(m.call, { resolve, reject });
          post({ type: "flex:run", call: m.call, run: which, payload: p || payload });
        });
        await f.fn(payload, runner("original"), runner("next"));
      } else {
        await f.fn(payload);
      }
      answer.payload = payload;
    } catch (e) {
      answer.error = String(e && e.message ? e.message : e);
    }
    post(answer);
  }

  window.addEventListener("message", (ev) => {
    if (ev.origin !== DESKTOP || ev.source !== window.parent) return;
    const m = ev.data;
    if (!m || typeof m !== "object") return;
    if (m.type === "flex:response" && waiting.has(m.id)) {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error) w.reject(new Error(m.error.message));
      else w.resolve(m.result);
    } else if (m.type === "flex:call") {
      call(m);
    } else if (m.type === "flex:ran" && runs.has(m.call)) {
      const r = runs.get(m.call);
      runs.delete(m.call);
      if (m.error) r.reject(new Error(m.error)); else r.resolve();
    }
  });

  const keep = (kind, fn, event) => {
    const ref = `${kind[0].toUpperCase()}${nextRef++}`;
    functions.set(ref, { kind, fn, event });
    return ref;
  };

  const Actions = {
    registerAction(name, fn) {
      return request("registerAction", { action: name, ref: keep("action", fn) });
    },
    invokeAction(name, payload) {
      return request("invokeAction", { action: name, payload: payload || {} });
    },
    addListener(event, fn) {
      return request("addListener", { event, listener: keep("listener", fn, event) });
    },
    removeListener(event, fn) {
      for (const [ref, f] of functions) {
        if (f.kind === "listener" && f.event === event && f.fn === fn) {
          functions.delete(ref);
          return request("removeListener", { listener: ref });
        }
      }
      return Promise.reject(new Error(`no ${event} listener is this function`));
    },
    replaceAction(name, fn) {
      return request("replaceAction", { action: name, replacement: keep("replacement", fn) });
    },
  };
  window.Flex = Object.assign(window.Flex || {}, { Actions });
})();
