// The bot's JSON API (DESIGN §3.6): the session, and every request made with its CSRF token.

/** Who is signed in; filled by loadSession(). */
export const session = {user: null, name: null, csrf: null, demo: false, identities: []};

const signedOutListeners = [];

/** Calls fn when the API says the session is gone (any 401). */
export function onSignedOut(fn) {
  signedOutListeners.push(fn);
}

/** An answer other than 2xx, with the API's stable code and its message for people. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Sends a request and returns its JSON. Throws ApiError for a non-2xx answer (401 also tells the
 * signed-out listeners) or when the bot cannot be reached.
 */
export async function api(method, path, body) {
  const headers = {Accept: "application/json"};
  const init = {method, headers, credentials: "same-origin", cache: "no-store"};
  if (method !== "GET") {
    headers["Content-Type"] = "application/json";
    if (session.csrf) headers["X-CSRF-Token"] = session.csrf;
    init.body = JSON.stringify(body || {});
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, "unreachable", "the bot cannot be reached; check the connection");
  }
  const data = await readJson(res);
  if (res.ok) return data;
  if (res.status === 401) signedOutListeners.forEach((fn) => fn());
  throw new ApiError(
    res.status,
    (data && data.error) || `http_${res.status}`,
    (data && data.message) || `the bot answered ${res.status} ${res.statusText}`.trim());
}

async function readJson(res) {
  const type = res.headers.get("Content-Type") || "";
  if (!type.includes("json")) return null;
  try {
    return await res.json();
  } catch (e) {
    return null; // a broken body is reported by status alone
  }
}

/**
 * Reads GET /api/session into `session`. Returns "signed-in" or "signed-out". Until the bot has
 * the session endpoint (404), the console is the demo's, signed in as console:demo.
 */
export async function loadSession() {
  try {
    apply(await api("GET", "/api/session"));
    return "signed-in";
  } catch (e) {
    if (e.status === 401) return "signed-out";
    if (e.status === 404) {
      apply({user: "console:demo", name: "demo", csrf: null, demo: true, identities: []});
      return "signed-in";
    }
    throw e;
  }
}

/** Acts as another of the demo's identities; the session (and its token) changes. */
export async function actAs(user) {
  apply(await api("POST", "/api/session/identity", {user}));
}

function apply(s) {
  session.user = s.user || null;
  session.name = s.name || s.user || null;
  session.csrf = s.csrf || null;
  session.demo = Boolean(s.demo);
  session.identities = Array.isArray(s.identities) ? s.identities : [];
}
