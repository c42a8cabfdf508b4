// Small DOM helpers. Every piece of text from the API goes in through textContent, never as HTML.

/**
 * Makes an element: el("li", {class: "x", "data-id": id}, "text", child, ...).
 * Attribute values are set with setAttribute; strings among the children become text nodes.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = String(v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  append(node, children);
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element with attributes; for the drain chart. */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") node.textContent = String(v);
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Removes every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Calls fn at most once per `ms`, after the last call (trailing debounce). */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** "14:05:09" in the viewer's time zone, for an ISO-8601 instant. */
export function clock(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso || "";
  return d.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false});
}

/** "Nov 25, 14:05:09" for the history table. */
export function dateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso || "";
  return d.toLocaleDateString([], {month: "short", day: "numeric"}) + " " + clock(iso);
}

/** "850 ms", "4.6 s", "2 m 05 s". */
export function duration(ms) {
  if (ms === null || ms === undefined) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, "0")} s`;
}

/** The CSS class for a status word from the API, limited to the ones the stylesheet knows. */
export function tone(status) {
  switch (String(status || "").toLowerCase()) {
    case "success": case "succeeded": case "done": case "ok": case "confirmed":
      return "success";
    case "failure": case "failed": case "denied": case "error":
      return "failure";
    case "warning": case "partially_succeeded": case "cancelled": case "canceled": case "skipped":
    case "expired":
      return "warning";
    case "running":
      return "running";
    case "info":
      return "info";
    default:
      return "pending";
  }
}
