// The operation view: GET /api/operations/{id} in a dialog, steps with their timings, the drain
// as a small line chart, the verification and the events; re-read every 2 s until final.

import {api} from "./api.js";
import {el, svg, clear, clock, duration, tone} from "./dom.js";

const EVERY_MS = 2000;
const STEP_MARK = {running: "…", done: "✓", failed: "✗", skipped: "–"};

let dialog = null;
let content = null;
let heading = null;
let openId = null;
let timer = null;
let generation = 0;

/** Binds the view to its dialog, its heading and its content elements. */
export function initOperation(dialogNode, headingNode, contentNode) {
  dialog = dialogNode;
  heading = headingNode;
  content = contentNode;
  dialog.addEventListener("close", () => {
    openId = null;
    clearTimeout(timer);
  });
  dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
}

/** Opens the view of one operation. */
export function openOperation(id) {
  openId = id;
  heading.textContent = id;
  clear(content).append(el("p", {class: "muted"}, "Loading…"));
  if (!dialog.open) dialog.showModal();
  refreshOperation();
}

/** The id shown now, or null when closed. */
export function shownOperation() {
  return openId;
}

/** Re-reads the open operation (a message about it changed, or the 2 s timer). */
export async function refreshOperation() {
  if (!openId) return;
  const id = openId;
  const mine = ++generation;
  clearTimeout(timer);
  let op = null;
  try {
    op = await api("GET", `/api/operations/${encodeURIComponent(id)}`);
  } catch (e) {
    if (mine !== generation || id !== openId) return;
    clear(content).append(el("p", {class: "muted", "data-unavailable": ""},
      e.status === 404 ? "Details are not available for this operation." : `Details are not available: ${e.message}`));
    return;
  }
  if (mine !== generation || id !== openId) return;
  render(op);
  if (!op.final) timer = setTimeout(refreshOperation, EVERY_MS);
}

function render(op) {
  heading.textContent = op.command || op.id;
  clear(content);
  content.append(el("p", {class: "op-meta"},
    el("span", {}, op.id), op.requester ? el("span", {}, `requested by ${op.requester}`) : null,
    el("span", {class: `badge badge-${op.final ? "success" : "running"}`}, op.final ? "finished" : "running")));
  for (const h of op.hosts || []) content.append(host(h));
}

function host(h) {
  const outcome = h.outcome ? h.outcome.replace(/_/g, " ") : "in progress";
  const parts = [
    el("header", {class: "op-host-head"},
      el("h3", {}, h.host),
      el("span", {class: `badge badge-${h.outcome ? tone(h.outcome) : "running"}`}, outcome),
      h.durationMs !== undefined && h.durationMs !== null ? el("span", {class: "muted"}, `in ${duration(h.durationMs)}`) : null,
      h.operation ? el("span", {class: "muted mono"}, h.operation) : null),
  ];
  if (h.problem) parts.push(el("p", {class: "op-problem"}, h.problem));
  if (h.steps && h.steps.length) parts.push(section("Steps", steps(h.steps)));
  if (h.drain && h.drain.length) parts.push(section("Requests left while draining", chart(h.drain)));
  if (h.checks && h.checks.length) parts.push(section("Verification", checks(h.checks)));
  if (h.events) parts.push(section("Events", el("p", {}, h.events)));
  return el("section", {class: "op-host", "data-host": h.host}, parts);
}

function section(title, body) {
  return el("div", {class: "op-section"}, el("h4", {}, title), body);
}

function steps(items) {
  const rows = items.map((s) => el("tr", {class: `step step-${s.status}`},
    el("td", {class: `step-mark tone-${stepTone(s.status)}`, title: s.status}, STEP_MARK[s.status] || "·"),
    el("td", {class: "step-name"}, s.name),
    el("td", {class: "step-time"}, s.startedAt ? clock(s.startedAt) : ""),
    el("td", {class: "step-took"}, s.tookMs === null || s.tookMs === undefined
      ? (s.status === "running" ? "running" : "") : duration(s.tookMs)),
    el("td", {class: "step-detail"}, s.detail || "")));
  return el("table", {class: "steps"},
    el("thead", {}, el("tr", {}, [["", "mark"], ["Step", "name"], ["Started", "time"], ["Took", "took"], ["Detail", "detail"]]
      .map(([t, c]) => el("th", {class: `step-${c}`}, t)))),
    el("tbody", {}, rows));
}

function stepTone(status) {
  return {running: "running", done: "success", failed: "failure", skipped: "pending"}[status] || "pending";
}

function checks(items) {
  return el("ul", {class: "checks"}, items.map((c) => el("li", {class: c.passed ? "line-ok" : "line-bad"},
    `${c.passed ? "✓" : "✗"} ${c.name}`, c.detail ? el("span", {class: "muted"}, ` — ${c.detail}`) : null)));
}

/** Requests in flight over time as an SVG polyline, drawn here (no chart library). */
export function chart(points) {
  const W = 400;
  const H = 130;
  const pad = {l: 36, r: 10, t: 10, b: 24};
  const maxMs = Math.max(1, ...points.map((p) => p.ms));
  const maxReq = Math.max(1, ...points.map((p) => p.requests));
  const x = (ms) => pad.l + (ms / maxMs) * (W - pad.l - pad.r);
  const y = (r) => H - pad.b - (r / maxReq) * (H - pad.t - pad.b);
  const line = points.map((p) => `${x(p.ms).toFixed(1)},${y(p.requests).toFixed(1)}`).join(" ");
  const area = `${x(points[0].ms).toFixed(1)},${y(0)} ${line} ${x(points[points.length - 1].ms).toFixed(1)},${y(0)}`;
  const last = points[points.length - 1];
  return svg("svg", {
    class: "drain-chart", viewBox: `0 0 ${W} ${H}`, role: "img",
    "aria-label": `requests in flight fell from ${points[0].requests} to ${last.requests} in ${duration(last.ms)}`,
  },
  svg("line", {class: "axis", x1: pad.l, y1: y(0), x2: W - pad.r, y2: y(0)}),
  svg("line", {class: "axis", x1: pad.l, y1: pad.t, x2: pad.l, y2: y(0)}),
  svg("line", {class: "grid", x1: pad.l, y1: y(maxReq), x2: W - pad.r, y2: y(maxReq)}),
  svg("text", {class: "tick", x: pad.l - 6, y: y(maxReq) + 4, "text-anchor": "end", text: maxReq}),
  svg("text", {class: "tick", x: pad.l - 6, y: y(0) + 4, "text-anchor": "end", text: 0}),
  svg("text", {class: "tick", x: pad.l, y: H - 6, text: "0 s"}),
  svg("text", {class: "tick", x: W - pad.r, y: H - 6, "text-anchor": "end", text: duration(maxMs)}),
  svg("polygon", {class: "area", points: area}),
  svg("polyline", {class: "line", points: line}),
  points.length <= 40 ? points.map((p) => svg("circle", {class: "pt", cx: x(p.ms), cy: y(p.requests), r: 2.5})) : null);
}
