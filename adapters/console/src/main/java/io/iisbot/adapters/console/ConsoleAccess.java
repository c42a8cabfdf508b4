package io.iisbot.adapters.console;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Memberships;
import io.iisbot.adapters.console.ConsoleApi.ApiError;
import io.iisbot.adapters.console.ConsoleSessions.Session;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who is asking the console, and the routes that sign people in and out.
 *
 * <p>A session comes from a single-use link issued in chat ({@code GET /console/signin?t=…} shows a
 * button that posts the token, so a link previewer cannot spend it). Its cookie is HttpOnly,
 * SameSite=Strict and Secure over TLS; every state-changing request must also carry the session's
 * token in {@value #CSRF_HEADER}, come as JSON, and not come from another site. A session names a
 * person only: what groups or roles they hold is asked of {@link Memberships} at every request, as
 * chat asks at every command, so leaving a group ends what it granted in the console too.
 *
 * <p>In the demo (bound to 127.0.0.1) a request without a session acts as the demo admin, and the
 * page may switch between the demo's identities; so the demo answers only requests addressed to
 * this machine ({@code Host} and any {@code Origin} on loopback), which keeps a web page that
 * rebinds its own name to 127.0.0.1, or a tunnel, from reaching it. Thread-safe.
 */
public final class ConsoleAccess {

  public static final String COOKIE = "iisbot_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /**
   * The demo's sign-in: who a request without a session is, and who the page may act as.
   *
   * @param identities the first is the default; each a user and a name, without memberships (those
   *     come from {@link Memberships}, as for anyone)
   */
  public record Demo(List<Caller> identities) {
    public Demo {
      identities = List.copyOf(identities);
      if (identities.isEmpty()) {
        throw new IllegalArgumentException("the demo needs at least one identity");
      }
      for (Caller c : identities) {
        if (!c.memberships().isEmpty()) {
          throw new IllegalArgumentException(
              "a demo identity names a user only, not memberships: " + c.user());
        }
      }
    }
  }

  private final ConsoleSessions sessions;
  private final Memberships memberships;
  private final Optional<Demo> demo;
  private final boolean alwaysSecure;

  /**
   * @param memberships the groups or roles a session's user holds now, asked at every request
   * @param demo present only in demo mode
   * @param alwaysSecure mark cookies Secure even when the request reached the bot over plain HTTP
   *     (TLS ends at a proxy in front of it: the public URL is https)
   */
  public ConsoleAccess(
      ConsoleSessions sessions,
      Memberships memberships,
      Optional<Demo> demo,
      boolean alwaysSecure) {
    this.sessions = sessions;
    this.memberships = memberships;
    this.demo = demo;
    this.alwaysSecure = alwaysSecure;
  }

  /**
   * Adds the sign-in and session routes, and in the demo the loopback check in front of every
   * console route (the page, its assets, the API, the stream and the sign-in).
   */
  public void register(JavalinConfig cfg) {
    if (demo.isPresent()) {
      cfg.routes.before(DemoLoopback::guard);
    }
    cfg.routes.get("/console/signin", this::signInPage);
    cfg.routes.post("/console/signin", this::signIn);
    cfg.routes.get("/api/session", ctx -> ctx.json(describe(session(ctx, false))));
    cfg.routes.post(
        "/api/session/identity",
        ctx -> {
          require(ctx, true);
          Demo d =
              demo.orElseThrow(
                  () -> new ApiError(404, "not_found", "switching identity is for the demo only"));
          String wanted = ConsoleApi.text(ConsoleApi.body(ctx), "user");
          Caller as =
              d.identities().stream()
                  .filter(c -> c.user().toString().equals(wanted))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new ApiError(
                              400, "bad_request", "not one of the demo's identities: " + wanted));
          Session s = sessions.open(as.user(), as.displayName());
          sessions.close(ctx.cookie(COOKIE));
          setCookie(ctx, s);
          ctx.json(describe(s));
        });
    cfg.routes.post(
        "/api/session/signout",
        ctx -> {
          require(ctx, true);
          sessions.close(ctx.cookie(COOKIE));
          ctx.header("Set-Cookie", cookie("", 0, ctx));
          ctx.status(204);
        });
  }

  /**
   * The caller of an API request with the memberships the platform gives them now, or an {@link
   * ApiError}: 401 without a live session (outside the demo), 403 for a request from another site
   * or, when it changes something, without the session's CSRF token, 415 for a change not sent as
   * JSON.
   */
  public Caller require(Context ctx, boolean changes) {
    Session s = session(ctx, changes);
    return memberships.caller(s.user(), s.name());
  }

  /**
   * Who reads: the session's user, for requests that only show what that user may see (their
   * messages) and so need no memberships. Refused as {@link #require} refuses a read.
   */
  public Identity viewer(Context ctx) {
    return session(ctx, false).user();
  }

  private Session session(Context ctx, boolean changes) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && site.equalsIgnoreCase("cross-site")) {
      throw new ApiError(403, "forbidden", "the console API does not answer other sites");
    }
    if (changes) {
      String type = ctx.contentType();
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        throw new ApiError(415, "unsupported_media_type", "send the body as application/json");
      }
    }
    String cookie = ctx.cookie(COOKIE);
    Optional<Session> found = sessions.find(cookie);
    if (found.isEmpty()) {
      if (demo.isEmpty()) {
        throw new ApiError(
            401,
            "unauthorized",
            cookie == null
                ? "sign in first: type /iis console in chat for a link"
                : "your console session has ended: type /iis console in chat for a new link");
      }
      // The demo on loopback: no cookie means the demo admin; the page gets a session (and with
      // it a CSRF token) from GET /api/session, scripts need none.
      Caller admin = demo.get().identities().get(0);
      if (ctx.method() == HandlerType.GET && ctx.path().equals("/api/session")) {
        Session s = sessions.open(admin.user(), admin.displayName());
        setCookie(ctx, s);
        return s;
      }
      return new Session("demo", admin.user(), admin.displayName(), "", Instant.MAX);
    }
    Session s = found.get();
    if (changes && !sameToken(s.csrf(), ctx.header(CSRF_HEADER))) {
      throw new ApiError(
          403,
          "csrf",
          "missing or wrong " + CSRF_HEADER + " header: read it from GET /api/session");
    }
    return s;
  }

  private static boolean sameToken(String expected, String given) {
    return given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, Object> describe(Session s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", s.user().toString());
    m.put("name", s.name());
    m.put("csrf", s.csrf());
    m.put("expires", s.expires().equals(Instant.MAX) ? null : s.expires().toString());
    m.put("demo", demo.isPresent());
    demo.ifPresent(
        d -> m.put("identities", d.identities().stream().map(c -> c.user().toString()).toList()));
    return m;
  }

  private void signInPage(Context ctx) {
    String token = ctx.queryParam("t");
    noStore(ctx);
    if (token == null || token.isBlank()) {
      page(ctx, 400, "No sign-in token", "Type /iis console in chat for a sign-in link.", null);
      return;
    }
    page(
        ctx,
        200,
        "Sign in to iisbot",
        "This link opens a console session as the person who asked for it in chat. It works once.",
        token);
  }

  private void signIn(Context ctx) {
    noStore(ctx);
    String origin = ctx.header("Origin");
    String site = ctx.header("Sec-Fetch-Site");
    if ((site != null && site.equalsIgnoreCase("cross-site"))
        || (origin != null && !origin.equals("null") && !sameOrigin(origin, ctx))) {
      page(ctx, 403, "Refused", "Sign in from the link itself, not from another site.", null);
      return;
    }
    Optional<Session> s = sessions.redeem(ctx.formParam("t"));
    if (s.isEmpty()) {
      page(
          ctx,
          403,
          "This link cannot be used",
          "It was already used or has expired. Type /iis console in chat for a new one.",
          null);
      return;
    }
    setCookie(ctx, s.get());
    ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private static boolean sameOrigin(String origin, Context ctx) {
    String host = ctx.header("Host");
    return host != null
        && (origin.equalsIgnoreCase("http://" + host)
            || origin.equalsIgnoreCase("https://" + host));
  }

  private void setCookie(Context ctx, Session s) {
    ctx.header("Set-Cookie", cookie(s.id(), sessions.sessionTtl().toSeconds(), ctx));
  }

  private String cookie(String value, long maxAge, Context ctx) {
    boolean secure = alwaysSecure || ctx.req().isSecure();
    return COOKIE
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAge
        + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  private static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
  }

  /** A minimal page of our own, with the sign-in button when there is a token to post. */
  private static void page(Context ctx, int status, String title, String text, String token) {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(escape(title))
        .append("</title><link rel=\"stylesheet\" href=\"/console/console.css\"></head>")
        .append("<body class=\"signin\"><main><h1>")
        .append(escape(title))
        .append("</h1><p>")
        .append(escape(text))
        .append("</p>");
    if (token != null) {
      b.append("<form method=\"post\" action=\"/console/signin\">")
          .append("<input type=\"hidden\" name=\"t\" value=\"")
          .append(escape(token))
          .append("\"><button type=\"submit\">Open the console</button></form>");
    }
    b.append("</main></body></html>");
    ctx.status(status).contentType("text/html; charset=utf-8").result(b.toString());
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
