// Test plugins' harness: what a plugin receives from the desktop, and what it does, is reported
// to the server the plugin is served from, where the Go test reads it. The desktop's origin is
// the page's ?desktop= parameter, else the origin of the page that embeds this one (the desktop
// sends no referrer; Chromium names the embedding origins in location.ancestorOrigins).
const DESKTOP = new URLSearchParams(location.search).get("desktop") || location.ancestorOrigins[0];
const NAME = location.pathname.split("/").pop().replace(".html", "");
function report(what) {
  return fetch("/report?plugin=" + NAME, { method: "POST", body: JSON.stringify(what) });
}
function loadSDK(name) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = DESKTOP + "/sdk/" + name;
    s.onload = resolve;
    s.onerror = () => reject(new Error("can't load " + s.src));
    document.head.append(s);
  });
}
