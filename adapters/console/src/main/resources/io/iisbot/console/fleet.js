// The fleet board: one card per host from GET /api/fleet, re-read every 5 s and after messages.

import {api} from "./api.js";
import {el, clear, debounce} from "./dom.js";

const EVERY_MS = 5000;

let root = null;
let stamp = null;
let timer = null;
let hosts = [];
let onHosts = () => {};

/** Binds the board to its list and "updated" elements; onNames(names) hears the host names. */
export function initFleet(listNode, stampNode, onNames) {
  root = listNode;
  stamp = stampNode;
  onHosts = onNames || onHosts;
}

/** Reads the fleet now, then every 5 s. */
export function startFleet() {
  stopFleet();
  const tick = async () => {
    await refreshFleet();
    timer = setTimeout(tick, EVERY_MS);
  };
  tick();
}

export function stopFleet() {
  clearTimeout(timer);
  timer = null;
}

/** A refresh soon after a burst of messages, not one per message. */
export const refreshFleetSoon = debounce(() => refreshFleet(), 400);

export async function refreshFleet() {
  try {
    const data = await api("GET", "/api/fleet");
    hosts = data.hosts || [];
    render();
    stamp.textContent = `updated ${new Date().toLocaleTimeString([], {hour12: false})}`;
    stamp.classList.remove("is-stale");
    onHosts(hosts.map((h) => h.name));
  } catch (e) {
    if (e.status === 403) {
      // Not a failure to retry: this person may not see any host. Say what to ask for.
      hosts = [];
      clear(root);
      root.append(el("li", {class: "empty", "data-refused": ""}, `No hosts to show: ${e.message}`));
      stamp.textContent = "";
      stamp.classList.remove("is-stale");
      onHosts([]);
      return;
    }
    stamp.textContent = `not updated: ${e.message}`;
    stamp.classList.add("is-stale");
  }
}

function render() {
  clear(root);
  if (!hosts.length) {
    root.append(el("li", {class: "empty"}, "No hosts are configured."));
    return;
  }
  for (const h of hosts) root.append(card(h));
}

/** running → green, stop/start pending → amber; stopped is grey: often someone meant it. */
function serviceTone(state) {
  const s = String(state || "").toLowerCase();
  if (s === "running") return "success";
  if (s.includes("pending")) return "warning";
  return "pending";
}

function label(state) {
  return state ? String(state).replace(/_/g, " ") : "unknown";
}

function card(h) {
  let state;
  let tone;
  if (!h.reachable) {
    state = "unreachable";
    tone = "failure";
  } else if (h.operation) {
    state = "operation running";
    tone = "running";
  } else {
    state = `W3SVC ${label(h.w3svc)}`;
    tone = serviceTone(h.w3svc);
    const stopped = [plural(h.poolsStopped, "pool"), plural(h.sitesStopped, "site")].filter(Boolean);
    if (tone === "success" && stopped.length) {
      state = `${stopped.join(", ")} stopped`;
      tone = "warning";
    }
  }
  const groups = el("span", {class: "groups"},
    (h.groups || []).map((g) => el("span", {class: "chip"}, `@${g}`)));
  const head = el("div", {class: "host-head"},
    el("span", {class: `dot dot-${tone}`, "aria-hidden": "true"}),
    el("span", {class: "host-name"}, h.name),
    groups,
    el("span", {class: `host-state tone-${tone}`}, state));
  const body = [head];
  if (h.reachable) {
    // Pools or sites down while W3SVC serves is a partial state worth seeing.
    const serving = String(h.w3svc || "").toLowerCase() === "running";
    body.push(el("dl", {class: "host-stats"},
      stat("WAS", label(h.was), serviceTone(h.was)),
      stat("Pools up", count(h.poolsStarted, h.poolsStopped), serving && h.poolsStopped ? "warning" : ""),
      stat("Sites up", count(h.sitesStarted, h.sitesStopped), serving && h.sitesStopped ? "warning" : ""),
      stat("Requests", String(h.requests ?? "–"), "")));
  } else {
    body.push(el("p", {class: "host-problem"}, h.problem || "the agent does not answer"));
  }
  if (h.operation) {
    body.push(el("p", {class: "host-op"},
      el("span", {class: "spinner", "aria-hidden": "true"}),
      `${h.operation}`, h.operationBy ? ` · by ${h.operationBy}` : ""));
  }
  return el("li", {
    class: `host tone-border-${tone}`, "data-host": h.name,
    "data-reachable": String(Boolean(h.reachable)), "data-w3svc": h.w3svc || "",
  }, body);
}

function plural(n, what) {
  return n ? `${n} ${what}${n === 1 ? "" : "s"}` : "";
}

function count(started, stopped) {
  const up = started ?? 0;
  return `${up}/${up + (stopped ?? 0)}`;
}

function stat(name, value, tone) {
  return el("div", {class: "stat"},
    el("dt", {}, name),
    el("dd", {class: tone ? `tone-${tone}` : null}, value));
}
