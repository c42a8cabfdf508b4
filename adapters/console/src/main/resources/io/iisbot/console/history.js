// History: the audit trail from GET /api/history, newest first, filtered by host, person, action
// and outcome.

import {api} from "./api.js";
import {el, clear, debounce, dateTime, tone} from "./dom.js";

const LIMIT = 100;
const COLUMNS = ["When", "Person", "Host", "Action", "Target", "Kind", "Outcome", "Detail"];

let form = null;
let body = null;
let note = null;
let generation = 0;

/** Binds the history to its filter form, table body and status note. */
export function initHistory(formNode, bodyNode, noteNode) {
  form = formNode;
  body = bodyNode;
  note = noteNode;
  const soon = debounce(refreshHistory, 300);
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    refreshHistory();
  });
}

/** Re-reads soon; many final messages in a row make one request. */
export const refreshHistorySoon = debounce(() => refreshHistory(), 500);

export async function refreshHistory() {
  const mine = ++generation;
  const q = new URLSearchParams();
  for (const name of ["host", "user", "action", "outcome"]) {
    const v = form.elements[name].value.trim();
    if (v) q.set(name, v);
  }
  q.set("limit", String(LIMIT));
  try {
    const data = await api("GET", `/api/history?${q}`);
    if (mine !== generation) return; // a newer filter's answer wins
    render(data.entries || []);
  } catch (e) {
    if (mine !== generation) return;
    if (e.status === 403) clear(body); // what was shown may no longer be this person's to see
    note.textContent = `History is not available: ${e.message}`;
    note.classList.add("tone-failure");
  }
}

function filtered() {
  return ["host", "user", "action", "outcome"].some((n) => form.elements[n].value.trim());
}

function render(entries) {
  clear(body);
  note.classList.remove("tone-failure");
  note.textContent = entries.length
    ? `${entries.length === LIMIT ? "latest " : ""}${entries.length} entr${entries.length === 1 ? "y" : "ies"}`
    : filtered() ? "Nothing matches these filters yet." : "Nothing has been done yet.";
  for (const e of entries) {
    const cells = [
      el("time", {datetime: e.at, title: e.at}, dateTime(e.at)),
      e.user || "",
      e.host || "",
      e.action || "",
      e.target || "",
      e.kind || "",
      e.outcome ? el("span", {class: `badge badge-${tone(e.outcome)}`}, e.outcome.replace(/_/g, " ")) : "",
      e.detail || "",
    ];
    body.append(el("tr", {"data-kind": e.kind || ""},
      cells.map((c, i) => el("td", {"data-label": COLUMNS[i], class: `col-${COLUMNS[i].toLowerCase()}`}, c))));
  }
}
