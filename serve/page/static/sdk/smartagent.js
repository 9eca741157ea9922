// SmartAgent plugin SDK, served by flowctl serve: the SDK's methods over flowctl's documented
// postMessage wire format (docs/desktop.md). A plugin written for the SDK loads this script
// instead of the SDK's own and keeps its code: window.SmartAgent has init, on, off, showPlugin,
// hidePlugin, setTitleTag, updateContact, getUser, getCompanyID and sendMessage, each returning a
// Promise. Messages go to the desktop's origin only and are taken from it only.
(() => {
  const DESKTOP = "__FLOWCTL_DESKTOP_ORIGIN__";
  let nextID = 1;
  const waiting = new Map();
  const handlers = new Map();

  class SmartAgentError extends Error {
    constructor(code, message) { super(message); this.name = "SmartAgentError"; this.code = code; }
  }

  function request(method, params) {
    const id = nextID++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      window.parent.postMessage({ type: "smartagent:request", id, method, params: params || {} }, DESKTOP);
    });
  }

  window.addEventListener("message", (ev) => {
    if (ev.origin !== DESKTOP || ev.source !== window.parent) return;
    const m = ev.data;
    if (!m || typeof m !== "object") return;
    if (m.type === "smartagent:response" && waiting.has(m.id)) {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error) w.reject(new SmartAgentError(m.error.code, m.error.message));
      else w.resolve(m.result);
    } else if (m.type === "smartagent:event") {
      for (const cb of handlers.get(m.event) || []) {
        try { cb(m.data); } catch (e) { console.error(`SmartAgent ${m.event} handler:`, e); }
      }
    }
  });

  window.SmartAgent = {
    SmartAgentError,
    init: () => request("init", { embedded: window.parent !== window }),
    on(event, cb) {
      const list = handlers.get(event) || [];
      list.push(cb);
      handlers.set(event, list);
      return list.length === 1 ? request("on", { event }) : Promise.resolve({ events: [...handlers.keys()] });
    },
    off(event, cb) {
      const list = (handlers.get(event) || []).filter((f) => cb && f !== cb);
      if (list.length) { handlers.set(event, list); return Promise.resolve({ events: [...handlers.keys()] }); }
      handlers.delete(event);
      return request("off", { event });
    },
    showPlugin: () => request("showPlugin"),
    hidePlugin: () => request("hidePlugin"),
    setTitleTag: (title) => request("setTitleTag", { title }),
    updateContact: (attributes, contactId) => request("updateContact", contactId === undefined ? { attributes } : { attributes, contactId }),
    getUser: () => request("getUser"),
    getCompanyID: () => request("getCompanyID"),
    sendMessage: (type, payload) => request("sendMessage", { type, payload: payload || {} }),
  };
})();
