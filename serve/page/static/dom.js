// DOM helpers shared by the simulator and desktop pages. Text goes in with textContent only, so
// nothing from a flow or a plugin is ever read as markup.

export const $ = (id) => document.getElementById(id);

// el makes an element: "class" and "text" set its class and text, on* props add listeners, other
// props become attributes (true as an empty one; false, null and undefined leave them out).
export const el = (tag, props = {}, ...children) => {
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
