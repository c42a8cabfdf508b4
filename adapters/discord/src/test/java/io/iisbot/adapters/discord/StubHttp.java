package io.iisbot.adapters.discord;

import io.iisbot.adapters.testing.Recording;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link DiscordStub}'s HTTP handler for everything under {@code /api}: hands requests under {@code
 * /api/v10} to {@link StubRest}, answers others 404 as Discord does, and records each.
 *
 * <p>Thread-safe.
 */
final class StubHttp {

  static final String API = "/api/v10";

  private final Clock clock;
  private final StubRest rest;
  private final Recording<DiscordStub.Call> calls;

  StubHttp(Clock clock, StubRest rest, Recording<DiscordStub.Call> calls) {
    this.clock = clock;
    this.rest = rest;
    this.calls = calls;
  }

  /** Serves every method Discord's API uses, under {@code /api}. */
  void register(JavalinConfig cfg) {
    for (HandlerType method :
        List.of(
            HandlerType.GET,
            HandlerType.POST,
            HandlerType.PUT,
            HandlerType.PATCH,
            HandlerType.DELETE)) {
      cfg.routes.addHttpHandler(method, "/api/<path>", this::handle);
    }
  }

  private void handle(Context ctx) {
    Instant at = clock.instant();
    String fullPath = ctx.path();
    boolean v10 = fullPath.startsWith(API + "/");
    String path = v10 ? fullPath.substring(API.length()) : fullPath;
    Map<String, String> query = new LinkedHashMap<>();
    ctx.queryParamMap().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(ctx.headerMap());
    String body = StubBodies.payload(ctx.contentType(), ctx.bodyAsBytes());
    String method = ctx.method().name();
    StubAnswer answer =
        v10
            ? rest.answer(
                new StubRest.Request(method, path, query, body, headers.get("Authorization")))
            : StubAnswer.notFound();
    calls.add(
        new DiscordStub.Call(
            method,
            path,
            ctx.queryString(),
            body,
            Collections.unmodifiableMap(headers),
            at,
            answer.status(),
            answer.body()));
    ctx.status(answer.status());
    if (answer.body() != null) {
      ctx.contentType("application/json").result(answer.body().getBytes(StandardCharsets.UTF_8));
    }
  }
}
