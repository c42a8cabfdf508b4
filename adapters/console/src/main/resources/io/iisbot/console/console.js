// The console page: session, command box, live stream, and the wiring between the sections.

import {api, session, loadSession, actAs, onSignedOut} from "./api.js";
import {el, clear, debounce} from "./dom.js";
import {initFeed, resetFeed, upsert, localError, operationOf} from "./feed.js";
import {initFleet, startFleet, stopFleet, refreshFleetSoon} from "./fleet.js";
import {initHistory, refreshHistory, refreshHistorySoon} from "./history.js";
import {initOperation, openOperation, shownOperation, refreshOperation} from "./operation.js";

const $ = (id) => document.getElementById(id);
const HISTORY_KEY = "iisbot.console.history";
const MAX_TYPED = 50;

let stream = null;
let queued = null; // stream events that arrive while /api/messages is read
let retry = 1000;
let retryTimer = null;

/** A notice in the corner for 6 s (a tap dismisses it); errors are marked red. */
function toast(text, kind = "error") {
  const t = el("div", {class: `toast toast-${kind}`, role: kind === "error" ? "alert" : "status"}, text);
  t.addEventListener("click", () => t.remove());
  $("toasts").append(t);
  setTimeout(() => t.remove(), 6000);
}

function setLive(state, text) {
  const s = $("live");
  s.dataset.state = state;
  s.textContent = text;
}

/** What changed in the feed: the fleet, history and an open operation view follow. */
function changed(msg) {
  refreshFleetSoon();
  if (msg.final) refreshHistorySoon();
  const op = operationOf(msg);
  if (op && op === shownOperation()) refreshOperation();
}

// ---- the stream: SSE, and on any error a fresh read of /api/messages before reconnecting ----

function connect() {
  disconnect();
  const es = new EventSource("/api/stream");
  stream = es;
  es.addEventListener("open", () => {
    retry = 1000;
    setLive("live", "Live");
  });
  es.addEventListener("message", (e) => {
    try {
      const msg = JSON.parse(e.data);
      if (queued) queued.push(msg);
      else upsert(msg);
    } catch (err) {
      console.warn("iisbot: an unreadable stream event was skipped", err);
    }
  });
  es.addEventListener("error", () => {
    if (stream !== es) return;
    es.close();
    stream = null;
    setLive("down", "Reconnecting…");
    retryTimer = setTimeout(resync, retry);
    retry = Math.min(retry * 2, 15000);
  });
}

function disconnect() {
  clearTimeout(retryTimer);
  if (stream) stream.close();
  stream = null;
}

/** Reads every message the signed-in person may see, then listens for more. */
async function resync() {
  queued = [];
  try {
    connect(); // first, so nothing posted during the read is missed; versions sort out the overlap
    const data = await api("GET", "/api/messages");
    resetFeed(data.messages || []);
    const later = queued;
    queued = null;
    later.forEach((m) => upsert(m));
  } catch (e) {
    queued = null;
    if (e.status === 401) return;
    setLive("down", "Offline");
    disconnect();
    retryTimer = setTimeout(resync, retry);
    retry = Math.min(retry * 2, 15000);
  }
}

// ---- the command box ----

function typedHistory() {
  try {
    const v = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
    return Array.isArray(v) ? v.filter((s) => typeof s === "string") : [];
  } catch (e) {
    return []; // storage may be off or hold something else; start afresh
  }
}

function remember(text) {
  const h = typedHistory().filter((s) => s !== text);
  h.push(text);
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(h.slice(-MAX_TYPED)));
  } catch (e) {
    // private mode: the history lasts as long as the page
  }
}

function initCommand() {
  const form = $("command");
  const input = $("command-text");
  const run = $("command-run");
  let cursor = -1;
  let draft = "";
  input.addEventListener("keydown", (e) => {
    if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
    const h = typedHistory();
    if (!h.length) return;
    e.preventDefault();
    if (cursor === -1) draft = input.value;
    if (e.key === "ArrowUp") cursor = cursor === -1 ? h.length - 1 : Math.max(0, cursor - 1);
    else cursor = cursor === -1 ? -1 : cursor + 1;
    if (cursor >= h.length) cursor = -1;
    input.value = cursor === -1 ? draft : h[cursor];
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    let text = input.value.trim();
    if (!text || run.disabled) return;
    if (!/^\/iis(\s|$)/.test(text)) text = `/iis ${text.replace(/^\/+/, "")}`;
    remember(text);
    cursor = -1;
    run.disabled = true;
    form.classList.add("is-busy");
    try {
      const answer = await api("POST", "/api/commands", {text});
      input.value = "";
      for (const m of answer.messages || []) upsert(m);
    } catch (err) {
      toast(`Not run: ${err.message}`);
      if (err.status !== 401) localError(`Not run: ${text}`, err.message);
    } finally {
      run.disabled = false;
      form.classList.remove("is-busy");
      input.focus();
    }
  });
}

// ---- session: who is signed in, the demo's "acting as", and the sign-in screen ----

function showSignedIn() {
  $("signin").hidden = true;
  $("app").hidden = false;
  $("who").textContent = session.name || session.user || "";
  $("who").title = session.user || "";
  const box = $("acting");
  const select = $("acting-as");
  box.hidden = !(session.demo && session.identities.length > 1);
  clear(select);
  for (const id of session.identities) {
    select.append(el("option", {value: id, selected: id === session.user}, id));
  }
  $("demo-mark").hidden = !session.demo;
}

function showSignedOut() {
  disconnect();
  stopFleet();
  if ($("operation").open) $("operation").close();
  $("app").hidden = true;
  $("signin").hidden = false;
  setLive("down", "Signed out");
}

/** Fills the history filters' suggestions from the bot's own commands, so they never drift. */
async function loadSuggestions() {
  let catalog;
  try {
    catalog = await api("GET", "/api/catalog");
  } catch (e) {
    return; // suggestions only: typing still works
  }
  const history = catalog.subcommands.find((c) => c.name === "history");
  const choices = (name) => history?.options.find((o) => o.name === name)?.choices ?? [];
  for (const [list, option] of [["action-names", "action"], ["outcome-names", "outcome"]]) {
    clear($(list)).append(...choices(option).map((v) => el("option", {value: v})));
  }
}

async function start() {
  let state;
  try {
    state = await loadSession();
  } catch (e) {
    $("boot").textContent = `The console cannot reach the bot: ${e.message}. Reload to try again.`;
    return;
  }
  $("boot").hidden = true;
  if (state !== "signed-in") {
    showSignedOut();
    return;
  }
  showSignedIn();
  startFleet();
  refreshHistory();
  loadSuggestions();
  await resync();
  openLinkedOperation();
}

/** A link from an announcement, <publicUrl>/#op=<id>, opens that operation's view. */
function openLinkedOperation() {
  const m = /^#op=([^&]+)$/.exec(location.hash);
  if (m) openOperation(decodeURIComponent(m[1]));
}
window.addEventListener("hashchange", () => {
  if (!$("app").hidden) openLinkedOperation();
});

function initActingAs() {
  const select = $("acting-as");
  select.addEventListener("change", async () => {
    select.disabled = true;
    try {
      await actAs(select.value);
      showSignedIn();
      toast(`Acting as ${session.user}`, "info");
      retry = 1000;
      await resync();
      refreshHistory();
    } catch (e) {
      toast(`Could not switch: ${e.message}`);
      select.value = session.user;
    } finally {
      select.disabled = false;
    }
  });
}

initFeed($("feed"), {changed, details: (op) => openOperation(op), toast});
initFleet($("fleet"), $("fleet-updated"), (names) => {
  const list = $("host-names");
  if (list.children.length === names.length) return;
  clear(list).append(...names.map((n) => el("option", {value: n})));
});
initHistory($("history-filters"), $("history-rows"), $("history-note"));
initOperation($("operation"), $("operation-title"), $("operation-body"));
initCommand();
initActingAs();
onSignedOut(debounce(showSignedOut, 50));
start();
