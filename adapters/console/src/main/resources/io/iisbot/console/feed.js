// The live feed: the bot's messages as cards, newest first, each updated in place by id.

import {api} from "./api.js";
import {el, clear, tone} from "./dom.js";

const MAX_CARDS = 200;
const BADGE = {
  pending: "Pending", running: "Running", success: "Success",
  failure: "Failed", warning: "Warning", info: "Info",
};

const cards = new Map(); // id -> {msg, node}
const inFlight = new Set(); // ids of cards whose button click awaits its answer
let list = null;
let hooks = {changed: () => {}, details: () => {}, toast: () => {}};
let localCount = 0;

/** Binds the feed to its list element; hooks: changed(msg), details(operationId, msg), toast(text). */
export function initFeed(listNode, given) {
  list = listNode;
  hooks = {...hooks, ...given};
}

/** Replaces the feed with these messages (oldest first, as GET /api/messages gives them). */
export function resetFeed(messages) {
  cards.clear();
  clear(list);
  for (const m of messages) upsert(m, true);
  renderEmpty();
}

/** Inserts or updates a message; an older version than the one shown is ignored. */
export function upsert(msg, quiet) {
  if (!msg || typeof msg.id !== "string") return;
  const known = cards.get(msg.id);
  if (known && (msg.version || 0) < (known.msg.version || 0)) return;
  if (known && msg.version === known.msg.version) return;
  const node = render(msg);
  if (known) {
    known.node.replaceWith(node);
  } else {
    list.prepend(node);
    trim();
  }
  cards.set(msg.id, {msg, node});
  renderEmpty();
  if (!quiet) hooks.changed(msg);
}

/** A card that only this page shows: an API error answering something typed or clicked. */
export function localError(title, text) {
  localCount += 1;
  upsert({
    id: `local-${localCount}`, version: 1, title, status: "failure", lines: [text],
    fields: [], buttons: [], ephemeral: true, final: true,
  }, true);
}

/** The message shown under this id, if any. */
export function current(id) {
  const c = cards.get(id);
  return c ? c.msg : null;
}

function trim() {
  while (list.children.length > MAX_CARDS) {
    const last = list.lastElementChild;
    cards.delete(last.dataset.id);
    last.remove();
  }
}

function renderEmpty() {
  list.classList.toggle("is-empty", cards.size === 0);
}

/** The operation a message is about, from its "Operation" field. */
export function operationOf(msg) {
  const f = (msg.fields || []).find((x) => x.name === "Operation");
  return f ? f.value : null;
}

function render(msg) {
  const status = tone(msg.status);
  const head = el("header", {class: "card-head"},
    el("span", {class: `badge badge-${status}`}, BADGE[status] || msg.status),
    el("h3", {class: "card-title"}, msg.title || ""),
    msg.ephemeral ? el("span", {class: "only-you", title: "Only you can see this"}, "only you") : null);
  const body = [head];
  if (msg.lines && msg.lines.length) body.push(lines(msg.lines));
  if (msg.fields && msg.fields.length) body.push(fields(msg.fields));
  const controls = el("div", {class: "card-actions"});
  for (const b of msg.buttons || []) controls.append(button(msg, b));
  const op = operationOf(msg);
  if (op) {
    const d = el("button", {type: "button", class: "btn btn-quiet details", "data-operation": op},
      "Details");
    d.addEventListener("click", () => hooks.details(op, msg));
    controls.append(d);
  }
  if (controls.children.length) body.push(controls);
  return el("article", {
    class: `card card-${status}${msg.final ? " is-final" : ""}`,
    "data-id": msg.id, "data-status": status, "data-version": msg.version,
  }, body);
}

function lines(items) {
  const ul = el("ul", {class: "lines"});
  for (const raw of items) {
    const text = String(raw);
    const indent = Math.min(3, Math.floor((text.length - text.trimStart().length) / 2));
    const t = text.trim();
    let kind = "";
    if (t.startsWith("✓")) kind = "ok";
    else if (t.startsWith("✗")) kind = "bad";
    else if (t.startsWith("⚠")) kind = "warn";
    else if (t.startsWith("•")) kind = "step";
    ul.append(el("li", {class: `line indent-${indent}${kind ? " line-" + kind : ""}`}, t));
  }
  return ul;
}

function fields(items) {
  const dl = el("dl", {class: "fields"});
  for (const f of items) {
    dl.append(el("div", {class: "field"}, el("dt", {}, f.name), el("dd", {}, f.value)));
  }
  return dl;
}

function button(msg, b) {
  const style = ["primary", "danger"].includes(b.style) ? b.style : "default";
  const node = el("button", {type: "button", class: `btn btn-${style}`, "data-action": b.action},
    b.label);
  if (inFlight.has(msg.id)) node.disabled = true;
  node.addEventListener("click", () => click(msg.id, b, node));
  return node;
}

/** Sends a click once: every button of the card stays disabled until the answer is back. */
async function click(id, b, node) {
  if (inFlight.has(id)) return;
  inFlight.add(id);
  setBusy(id, true, node);
  try {
    const answer = await api("POST", "/api/actions", {message: id, action: b.action, value: b.value});
    inFlight.delete(id);
    for (const m of answer.messages || []) upsert(m);
  } catch (e) {
    inFlight.delete(id);
    hooks.toast(`${b.label} failed: ${e.message}`);
    if (e.status !== 401) localError(`${b.label} was not done`, e.message);
  } finally {
    inFlight.delete(id);
    setBusy(id, false);
  }
}

function setBusy(id, busy, clicked) {
  const c = cards.get(id);
  if (!c) return;
  c.node.classList.toggle("is-busy", busy);
  for (const btn of c.node.querySelectorAll(".card-actions button[data-action]")) {
    btn.disabled = busy;
    btn.classList.toggle("is-clicked", busy && btn === clicked);
  }
}
