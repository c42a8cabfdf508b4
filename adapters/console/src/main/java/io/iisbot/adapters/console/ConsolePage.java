package io.iisbot.adapters.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console page itself: {@code GET /} and its stylesheet and scripts under {@code /console/},
 * read once from the classpath ({@code io/iisbot/console/}) and served with a strict Content
 * Security Policy, so the page can load nothing but itself and talk to nothing but the bot's API.
 * Thread-safe (immutable once built).
 */
public final class ConsolePage {

  /** Same origin only, no inline script or style, never framed. */
  static final String CSP =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
          + " connect-src 'self'; frame-ancestors 'none'";

  /** The stylesheet and the scripts the page loads, all under {@code /console/}. */
  static final List<String> ASSETS =
      List.of(
          "console.css",
          "console.js",
          "api.js",
          "feed.js",
          "fleet.js",
          "history.js",
          "operation.js",
          "dom.js");

  private static final String ROOT = "/io/iisbot/console/";

  private final byte[] index;
  private final Map<String, byte[]> assets = new LinkedHashMap<>();

  /**
   * @throws IllegalStateException when a file is missing from the classpath (a packaging mistake)
   */
  public ConsolePage() {
    this.index = read("index.html");
    for (String name : ASSETS) {
      assets.put(name, read(name));
    }
  }

  /** Adds {@code GET /} and {@code GET /console/<asset>} to a server being configured. */
  public void register(JavalinConfig cfg) {
    cfg.routes.get("/", ctx -> send(ctx, "text/html; charset=utf-8", index));
    assets.forEach(
        (name, body) ->
            cfg.routes.get("/console/" + name, ctx -> send(ctx, contentType(name), body)));
  }

  static String contentType(String name) {
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    throw new IllegalArgumentException("no content type for " + name);
  }

  private static void send(Context ctx, String type, byte[] body) {
    // no-cache: the browser revalidates, so a new bot version never runs an old script.
    ctx.header("Cache-Control", "no-cache");
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.contentType(type);
    ctx.result(body);
  }

  private static byte[] read(String name) {
    try (InputStream in = ConsolePage.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("the console page lacks " + ROOT + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ROOT + name, e);
    }
  }
}
