package io.iisbot.adapters.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.testing.Recording;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@link SlackStub}'s response_urls: records each post under the URL's name and answers as Slack
 * does, {@code {"ok":true}} for the first five posts to a URL and {@code used_url} after that.
 * Bolt's {@code ctx.respond} returns the answer as it comes, without parsing it.
 *
 * <p>Thread-safe.
 */
final class StubResponseUrls {

  /** How many posts Slack takes per response_url. */
  static final int USES = 5;

  static final String PATH = "/response/";

  private final Recording<SlackStub.Call> posts = new Recording<>();
  private final Map<String, AtomicInteger> uses = new ConcurrentHashMap<>();

  StubWebApi.Answer post(String name, String body, String authorization, Instant at) {
    StubWebApi.Answer answer = answer(name, body);
    posts.add(
        new SlackStub.Call(
            name,
            StubWebApi.params("application/json", body),
            body,
            authorization,
            at,
            answer.body()));
    return answer;
  }

  private StubWebApi.Answer answer(String name, String body) {
    JsonNode json = StubWebApi.parse(body);
    if (json == null || !json.isObject()) {
      return new StubWebApi.Answer(400, "application/json", error("invalid_payload"));
    }
    if (uses.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet() > USES) {
      // Slack's status for this one is not documented; callers should read the body.
      return new StubWebApi.Answer(404, "application/json", error("used_url"));
    }
    return StubWebApi.Answer.json("{\"ok\":true}");
  }

  List<SlackStub.Call> posts(String name) {
    return posts.matching(c -> c.method().equals(name));
  }

  SlackStub.Call await(String name, Predicate<SlackStub.Call> match, Duration timeout) {
    return posts.await(
        c -> c.method().equals(name) && match.test(c), timeout, "post to response_url " + name);
  }

  void reset() {
    posts.clear();
    uses.clear();
  }

  private static String error(String code) {
    return "{\"ok\":false,\"error\":\"" + code + "\"}";
  }
}
