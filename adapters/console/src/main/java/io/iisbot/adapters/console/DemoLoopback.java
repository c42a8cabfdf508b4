package io.iisbot.adapters.console;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * The demo console's guard: it has no sign-in (a request without a session is the demo admin), so
 * it answers only requests addressed to this machine. A {@code Host} other than {@code 127.0.0.1},
 * {@code localhost} or {@code [::1]} means a name that was made to point here (DNS rebinding) or a
 * tunnel; an {@code Origin} other than a loopback one means another site's page. Either gets a
 * short plain refusal, on every console route: the page and its assets, the API, the stream and the
 * sign-in. Stateless and thread-safe.
 */
final class DemoLoopback {

  /** What the demo answers a request not addressed to this machine. */
  static final String REFUSAL =
      "The iisbot demo console only answers on the machine it runs on: open it there as"
          + " http://localhost:%d/ (it has no sign-in, so it is not served to other addresses).";

  private DemoLoopback() {}

  /** A before-handler: refuses a console request not addressed to loopback, passes the rest. */
  static void guard(Context ctx) {
    String path = ctx.path();
    boolean console = path.equals("/") || path.startsWith("/console/") || path.startsWith("/api/");
    String origin = ctx.header("Origin");
    if (!console
        || (loopbackHost(ctx.header("Host")) && (origin == null || loopbackOrigin(origin)))) {
      return;
    }
    // The port the connection came in on: the one in the Host header is the caller's word.
    ctx.status(403)
        .contentType("text/plain; charset=utf-8")
        .result(REFUSAL.formatted(ctx.req().getLocalPort()) + "\n");
    ctx.skipRemainingHandlers();
  }

  /** {@code 127.0.0.1}, {@code localhost} or {@code [::1]}, with or without a port. */
  static boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    // An IPv6 literal has colons of its own: its port follows the bracket.
    int portAt = h.startsWith("[") ? h.indexOf(']') + 1 : h.indexOf(':');
    if (portAt == 0) {
      return false;
    }
    String name = portAt < 0 ? h : h.substring(0, portAt);
    String port = portAt < 0 ? "" : h.substring(portAt);
    return (name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]"))
        && (port.isEmpty() || port.matches(":[0-9]{1,5}"));
  }

  /** The {@code Origin} of a page served from loopback, such as {@code http://localhost:8080}. */
  static boolean loopbackOrigin(String origin) {
    String o = origin.strip().toLowerCase(Locale.ROOT);
    for (String scheme : List.of("http://", "https://")) {
      if (o.startsWith(scheme)) {
        return loopbackHost(o.substring(scheme.length()));
      }
    }
    return false;
  }
}
