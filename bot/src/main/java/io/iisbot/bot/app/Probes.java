package io.iisbot.bot.app;

import io.iisbot.config.BotConfig;
import io.javalin.config.JavalinConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.function.Supplier;

/** The routes for operators' tools: {@code /healthz}, {@code /readyz} and {@code /metrics}. */
final class Probes {

  private static final Set<String> PATHS = Set.of("/healthz", "/readyz", "/metrics");

  /** Prometheus' text exposition format. */
  static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private Probes() {}

  /** Whether this path is one of the operators' probes, answered even while the bot stops. */
  static boolean isProbe(String path) {
    return PATHS.contains(path);
  }

  /**
   * Adds {@code GET /metrics} as configured: not at all when off; to anyone when open; with {@code
   * Authorization: Bearer <token>} only when behind a token (401 otherwise, saying nothing more).
   */
  static void metrics(JavalinConfig cfg, BotConfig.Metrics metrics, Supplier<String> scrape) {
    switch (metrics.mode()) {
      case OFF -> {
        // Not served: a 404 like any unknown path.
      }
      case OPEN ->
          cfg.routes.get("/metrics", ctx -> ctx.contentType(TEXT_FORMAT).result(scrape.get()));
      case TOKEN -> {
        byte[] expected =
            ("Bearer " + metrics.token().orElseThrow().text()).getBytes(StandardCharsets.UTF_8);
        cfg.routes.get(
            "/metrics",
            ctx -> {
              String given = ctx.header("Authorization");
              if (given == null
                  || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                ctx.header("WWW-Authenticate", "Bearer");
                ctx.status(401).contentType("text/plain").result("a metrics token is needed");
                return;
              }
              ctx.contentType(TEXT_FORMAT).result(scrape.get());
            });
      }
    }
  }
}
