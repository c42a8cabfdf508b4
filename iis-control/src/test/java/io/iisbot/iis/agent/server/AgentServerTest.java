package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.agent.AgentJson;
import io.iisbot.iis.agent.Wire;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Plan;
import io.iisbot.iis.logging.LogCapture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

final class AgentServerTest {

  private final AgentFixture f = AgentFixture.busy();

  @AfterEach
  void stop() {
    f.close();
  }

  // ---- authentication ------------------------------------------------------------------------

  @Test
  void health_signed_isOk() throws Exception {
    HttpResponse<String> r = f.send("GET", "/v1/health", null);

    assertThat(r.statusCode()).isEqualTo(200);
    Wire.Health h = AgentJson.lenient().readValue(r.body(), Wire.Health.class);
    assertThat(h.host()).isEqualTo("web02");
    assertThat(h.mode()).isEqualTo("simulated");
  }

  /** Each way a signature can fail, as the header a caller would send. */
  enum Failure {
    MISSING,
    NOT_OUR_SCHEME,
    MALFORMED,
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    FOR_ANOTHER_AGENT,
    TOO_OLD,
    TOO_NEW,
    FAR_IN_THE_PAST;

    String header(AgentFixture f, long now) {
      String nonce = AgentAuth.newNonce();
      return switch (this) {
        case MISSING -> null;
        case NOT_OUR_SCHEME -> "Bearer abc";
        case MALFORMED -> "IISBOT-HMAC-SHA256 key=bot-test, ts=1, nonce=short, sig=00";
        case UNKNOWN_KEY ->
            AgentAuth.header(
                "someone-else",
                AgentFixture.SECRET,
                "web02",
                "GET",
                "/v1/health",
                "",
                now,
                nonce,
                new byte[0]);
        case BAD_SIGNATURE ->
            AgentAuth.header(
                AgentFixture.KEY,
                "a-different-secret-of-32-bytes-or-more!!".getBytes(StandardCharsets.UTF_8),
                "web02",
                "GET",
                "/v1/health",
                "",
                now,
                nonce,
                new byte[0]);
        case FOR_ANOTHER_AGENT ->
            AgentFixture.signature("web01", "GET", "/v1/health", null, now, nonce);
        case TOO_OLD -> f.signature("GET", "/v1/health", null, now - 301, nonce);
        case TOO_NEW -> f.signature("GET", "/v1/health", null, now + 301, nonce);
        case FAR_IN_THE_PAST -> f.signature("GET", "/v1/health", null, now - 100_000, nonce);
      };
    }
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void finding12_everyAuthFailure_looksTheSame(Failure failure) {
    HttpResponse<String> r;
    List<ILoggingEvent> log;
    try (LogCapture capture = LogCapture.of(Agent.class)) {
      r = f.send("GET", "/v1/health", null, failure.header(f, now()));
      log = capture.events();
    }

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("IISBOT-HMAC-SHA256");
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":\"unauthorized\",\"message\":\"the request's signature did not check"
                + " out: check the key id and its secret, that the request was signed for this"
                + " agent's name, and that both clocks agree within 5 minutes\"}");
    assertThat(r.body()).doesNotContain(Long.toString(now()));
    assertThat(log)
        .as("one line in the agent's log with the precise reason")
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.getFormattedMessage())
                  .startsWith("refused GET /v1/health from 127.0.0.1: ");
              assertThat(rec.getFormattedMessage()).doesNotContain("\n");
              assertThat(rec.getThrowableProxy()).isNull();
            });
  }

  @Test
  void authFailure_logLine_namesThePreciseReason() {
    List<String> log;
    try (LogCapture capture = LogCapture.of(Agent.class)) {
      f.send("GET", "/v1/health", null, Failure.UNKNOWN_KEY.header(f, now()));
      f.send("GET", "/v1/health", null, Failure.TOO_OLD.header(f, now()));
      log = capture.messages();
    }

    assertThat(log)
        .anySatisfy(m -> assertThat(m).endsWith("unknown key \"someone-else\""))
        .anySatisfy(m -> assertThat(m).contains("s from the agent's clock"));
  }

  @ParameterizedTest
  @ValueSource(longs = {-299, 299})
  void timestampWithinFiveMinutes_isAccepted(long skew) {
    f.clock.advance(java.time.Duration.ofMinutes(5)); // a stamp from before the start is refused
    String h = f.signature("GET", "/v1/health", null, now() + skew, AgentAuth.newNonce());

    assertThat(f.send("GET", "/v1/health", null, h).statusCode()).isEqualTo(200);
  }

  @Test
  void replayedRequest_isRefused() {
    String h = f.signature("GET", "/v1/snapshot", null, now(), AgentAuth.newNonce());

    HttpResponse<String> first = f.send("GET", "/v1/snapshot", null, h);
    HttpResponse<String> again = f.send("GET", "/v1/snapshot", null, h);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.body()).startsWith("{\"error\":\"replayed\"");
  }

  /**
   * Why {@code replayed} may differ from {@code unauthorized}: only a request that carries a
   * correct signature is told, so it tells nobody without the key (or a captured request) anything.
   */
  @Test
  void replayed_isToldOnlyToACorrectSignature() {
    String nonce = AgentAuth.newNonce();
    byte[] wrong = "a-different-secret-of-32-bytes-or-more!!".getBytes(StandardCharsets.UTF_8);
    f.send("GET", "/v1/snapshot", null, f.signature("GET", "/v1/snapshot", null, now(), nonce));
    String sameNonceWrongKey =
        AgentAuth.header(
            AgentFixture.KEY, wrong, "web02", "GET", "/v1/snapshot", "", now(), nonce, new byte[0]);
    String beforeTheStart =
        f.signature("GET", "/v1/snapshot", null, now() - 10, AgentAuth.newNonce());
    String beforeTheStartWrongKey =
        AgentAuth.header(
            AgentFixture.KEY,
            wrong,
            "web02",
            "GET",
            "/v1/snapshot",
            "",
            now() - 10,
            AgentAuth.newNonce(),
            new byte[0]);

    assertThat(f.send("GET", "/v1/snapshot", null, sameNonceWrongKey).body())
        .startsWith("{\"error\":\"unauthorized\"");
    assertThat(f.send("GET", "/v1/snapshot", null, beforeTheStartWrongKey).body())
        .startsWith("{\"error\":\"unauthorized\"");
    assertThat(f.send("GET", "/v1/snapshot", null, beforeTheStart).body())
        .isEqualTo(
            "{\"error\":\"replayed\",\"message\":\"this agent may have seen this request before (its"
                + " nonce was used, or it was signed before the agent last started): sign it again"
                + " with a new nonce and the current time\"}");
  }

  @Test
  void bodyOrQueryChangedAfterSigning_is401() {
    String body = op("op-tamper-1", "stop", "site:api.contoso.com");
    String signed = f.signature("POST", "/v1/operations", body, now(), AgentAuth.newNonce());
    String eventsSigned =
        f.signature("GET", "/v1/events?level=error", null, now(), AgentAuth.newNonce());

    assertThat(
            f.send(
                    "POST",
                    "/v1/operations",
                    body.replace("api.contoso.com", "Default Web Site"),
                    signed)
                .statusCode())
        .isEqualTo(401);
    assertThat(f.send("GET", "/v1/events?level=warning", null, eventsSigned).statusCode())
        .isEqualTo(401);
  }

  // ---- operations ----------------------------------------------------------------------------

  @Test
  void postOperation_isIdempotentOnItsId() throws Exception {
    String body = op("op-idem-001", "suspend", "site:api.contoso.com");

    HttpResponse<String> first = f.send("POST", "/v1/operations", body);
    HttpResponse<String> again = f.send("POST", "/v1/operations", body);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.headers().firstValue("Location")).contains("/v1/operations/op-idem-001");
    assertThat(again.statusCode()).isEqualTo(200);
    Wire.OperationView a = AgentJson.lenient().readValue(first.body(), Wire.OperationView.class);
    Wire.OperationView b = AgentJson.lenient().readValue(again.body(), Wire.OperationView.class);
    assertThat(b.id()).isEqualTo(a.id());
    assertThat(b.createdAt()).isEqualTo(a.createdAt());
  }

  @Test
  void postOperation_sameIdDifferentOperation_is409() {
    f.send("POST", "/v1/operations", op("op-reuse-01", "suspend", "site:api.contoso.com"));

    HttpResponse<String> r = f.send("POST", "/v1/operations", op("op-reuse-01", "stop", "host"));

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("\"error\":\"id_reused\"");
  }

  @Test
  void secondOperationWhileOneRuns_is409NamingTheRunningOne() {
    // A host stop of busy waits out a 90 s drain: thousands of polls, so it is still running.
    HttpResponse<String> first =
        f.send("POST", "/v1/operations", op("op-long-001", "stop", "host"));
    HttpResponse<String> second =
        f.send("POST", "/v1/operations", op("op-second1", "recycle", "pool:Api"));

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.body())
        .contains("\"error\":\"busy\"")
        .contains("\"running\":\"op-long-001\"");
  }

  @Test
  void finding03_operationWithStalePlanIdentity_runsNothing() throws Exception {
    Plan confirmed =
        AgentJson.lenient()
            .readValue(
                f.send("POST", "/v1/plans", "{\"action\":\"stop\",\"scope\":\"host\"}").body(),
                Plan.class);
    f.host.stopSite("reports.contoso.com"); // the host changed after the operator confirmed

    HttpResponse<String> r =
        f.send(
            "POST",
            "/v1/operations",
            "{\"id\":\"op-stale-001\",\"action\":\"stop\",\"scope\":\"host\",\"planIdentity\":\""
                + confirmed.identity()
                + "\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    assertThat(r.body())
        .startsWith("{\"error\":\"plan_changed\"")
        .contains("the plan changed since it was confirmed, so nothing was done")
        .contains("would now touch sites Default Web Site, api.contoso.com;");
    assertThat(f.send("GET", "/v1/operations/op-stale-001", null).statusCode()).isEqualTo(404);
    assertThat(f.host.sites())
        .filteredOn(s -> !s.name().equals("reports.contoso.com"))
        .allMatch(s -> s.state() == io.iisbot.iis.ObjectState.STARTED);
  }

  @Test
  void operationWithTheCurrentPlanIdentity_starts() throws Exception {
    Plan confirmed =
        AgentJson.lenient()
            .readValue(
                f.send("POST", "/v1/plans", "{\"action\":\"recycle\",\"scope\":\"pool:Api\"}")
                    .body(),
                Plan.class);

    HttpResponse<String> r =
        f.send(
            "POST",
            "/v1/operations",
            "{\"id\":\"op-fresh-001\",\"action\":\"recycle\",\"scope\":\"pool:Api\",\"planIdentity\":\""
                + confirmed.identity()
                + "\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  @Test
  void unknownOperation_is404() {
    HttpResponse<String> r = f.send("GET", "/v1/operations/op-nobody-1", null);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("\"error\":\"not_found\"");
  }

  @Test
  void unknownRoute_is404Json() {
    HttpResponse<String> r = f.send("GET", "/v1/nothing-here", null);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).startsWith("{\"error\":\"not_found\"");
  }

  @Test
  void allowList_refusesWhatItDoesNotList_with422() {
    try (AgentFixture strict =
        new AgentFixture(
            "busy",
            new AllowList(List.of("W3SVC"), List.of("DefaultAppPool"), List.of("*"), false))) {
      HttpResponse<String> pool =
          strict.send("POST", "/v1/operations", op("op-deny-001", "stop", "pool:Api"));
      HttpResponse<String> host =
          strict.send("POST", "/v1/plans", "{\"action\":\"stop\",\"scope\":\"host\"}");
      HttpResponse<String> force =
          strict.send(
              "POST",
              "/v1/operations",
              "{\"id\":\"op-deny-002\",\"action\":\"stop\",\"scope\":\"pool:DefaultAppPool\",\"options\":{\"drain\":\"90s\",\"force\":true,\"persist\":false,\"all\":false}}");

      assertThat(pool.statusCode()).isEqualTo(422);
      assertThat(pool.body()).contains("pool Api is not in this agent's allow-list (allow.pools)");
      assertThat(host.statusCode()).isEqualTo(422);
      assertThat(force.body()).contains("--force is not allowed on this agent");
      assertThat(strict.host.pools()).allMatch(p -> p.state() == io.iisbot.iis.ObjectState.STARTED);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{not json",
        "{\"id\":\"op-bad-0001\",\"action\":\"explode\",\"scope\":\"host\"}",
        "{\"id\":\"op-bad-0002\",\"action\":\"stop\",\"scope\":\"galaxy:far\"}",
        "{\"id\":\"short\",\"action\":\"stop\",\"scope\":\"host\"}",
        "{\"id\":\"op-bad-0003\",\"action\":\"recycle\",\"scope\":\"host\"}",
        "{\"id\":\"op-bad-0004\",\"action\":\"stop\",\"scope\":\"host\",\"options\":{\"drain\":\"0s\"}}",
        "{\"id\":\"op-bad-0005\",\"action\":\"stop\",\"scope\":\"host\",\"unknown\":1}",
        "{\"id\":\"op-bad-0006\",\"action\":\"stop\",\"scope\":\"host\",\"options\":\"fast\"}",
        "{\"id\":\"op-bad-0007\",\"action\":\"stop\",\"scope\":\"host\",\"options\":{\"force\":\"yes\"}}",
        "{\"id\":\"op-bad-0008\",\"action\":\"stop\",\"scope\":\"host\",\"options\":{\"drian\":\"30s\"}}",
        "{\"id\":\"op-bad-0009\",\"action\":\"stop\",\"scope\":\"host\",\"requestedBy\":{}}",
        "{\"id\":[],\"action\":\"stop\",\"scope\":\"host\"}",
        "{\"id\":\"op-bad-0010\",\"action\":\"stop\",\"scope\":\"host\",\"planIdentity\":\"abc\"}",
        "[]",
        ""
      })
  void malformedRequests_are400WithoutAStackTrace(String body) {
    HttpResponse<String> r = f.send("POST", "/v1/operations", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"error\":\"bad_request\"");
    assertNoInternals(r.body());
  }

  /** What a body of the wrong shape is told, for both routes that take one. */
  @ParameterizedTest
  @ValueSource(strings = {"null", "[]", "\"x\"", "1", "true", "{}", "", "  "})
  void finding12_nullBody_isBadRequest(String body) {
    for (String path : List.of("/v1/operations", "/v1/plans")) {
      HttpResponse<String> r = f.send("POST", path, body);

      assertThat(r.statusCode()).as("%s %s", path, r.body()).isEqualTo(400);
      assertThat(r.body()).startsWith("{\"error\":\"bad_request\",\"message\":\"");
      assertNoInternals(r.body());
    }
    if (!body.equals("{}")) {
      assertThat(f.send("POST", "/v1/operations", body).body())
          .contains("the body must be a JSON object {\\\"id\\\", \\\"action\\\", \\\"scope\\\"");
    }
  }

  @Test
  void finding12_nullBody_messagesSayWhatIsMissing() {
    assertThat(f.send("POST", "/v1/operations", "null").body())
        .contains("the body must be a JSON object")
        .endsWith("was null\"}");
    assertThat(f.send("POST", "/v1/operations", "{}").body())
        .contains("id must be 8-64 characters of A-Z a-z 0-9 . _ -");
    assertThat(f.send("POST", "/v1/plans", "{}").body()).contains("action is needed");
    assertThat(
            f.send(
                    "POST",
                    "/v1/plans",
                    "{\"action\":\"stop\",\"scope\":\"host\",\"options\":{\"drian\":\"30s\"}}")
                .body())
        .contains("options: no field \\\"drian\\\"; the fields are drain, force, persist, all");
    assertThat(
            f.send(
                    "POST",
                    "/v1/plans",
                    "{\"action\":\"stop\",\"scope\":\"host\",\"options\":{\"drain\":\"0s\"}}")
                .body())
        .contains("options: drain must be between 1s and 1h, was 0ms");
    assertThat(f.send("POST", "/v1/plans", "{\"action\":\"explode\",\"scope\":\"host\"}").body())
        .contains("action: \\\"explode\\\" is not one of stop, start");
  }

  @Test
  void finding12_partialOptions_useDefaults() throws Exception {
    HttpResponse<String> plan =
        f.send(
            "POST",
            "/v1/plans",
            "{\"action\":\"stop\",\"scope\":\"pool:Api\",\"options\":{\"drain\":\"30s\"}}");
    HttpResponse<String> op =
        f.send(
            "POST",
            "/v1/operations",
            "{\"id\":\"op-partial-1\",\"action\":\"stop\",\"scope\":\"pool:Api\","
                + "\"options\":{\"force\":true}}");

    assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
    assertThat(AgentJson.lenient().readValue(plan.body(), Plan.class).request().options())
        .isEqualTo(Options.defaults().withDrain(java.time.Duration.ofSeconds(30)));
    assertThat(op.statusCode()).as(op.body()).isEqualTo(202);
    assertThat(AgentJson.lenient().readValue(op.body(), Wire.OperationView.class).options())
        .isEqualTo(Options.defaults().withForce(true));
  }

  private static void assertNoInternals(String body) {
    assertThat(body)
        .doesNotContain("Exception")
        .doesNotContain("at io.")
        .doesNotContain("io.iisbot")
        .doesNotContain("com.fasterxml")
        .doesNotContain("java.")
        .doesNotContain("`")
        .doesNotContain("Cannot ")
        .doesNotContain("DeserializationFeature")
        .doesNotContain("(class ")
        .doesNotContain("Creator")
        .doesNotContain("token");
  }

  @Test
  void oversizedBody_is413() {
    String big =
        "{\"id\":\"op-big-00001\",\"action\":\"stop\",\"scope\":\"host\",\"requestedBy\":\""
            + "x".repeat(70_000)
            + "\"}";

    HttpResponse<String> r = f.send("POST", "/v1/operations", big);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("\"error\":\"too_large\"");
  }

  @Test
  void unknownSiteInScope_is400NamingTheSites() {
    HttpResponse<String> r =
        f.send("POST", "/v1/plans", "{\"action\":\"stop\",\"scope\":\"site:nope\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("no site \\\"nope\\\" on web02");
  }

  // ---- progress ------------------------------------------------------------------------------

  @Test
  void progress_streamsNumberedEventsAndEndsWithTheResult() {
    f.send("POST", "/v1/operations", op("op-stream-01", "recycle", "pool:Api"));

    List<SseReader.Event> events =
        SseReader.read(f, "/v1/operations/op-stream-01/progress", null, 10_000);

    assertThat(events).isNotEmpty();
    assertThat(events)
        .extracting(SseReader.Event::id)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events.get(events.size() - 1).event()).isEqualTo("result");
    assertThat(events.subList(0, events.size() - 1)).allMatch(e -> e.event().equals("progress"));
    assertThat(events.get(0).data()).startsWith("{\"type\":\"step_started\"");
  }

  @Test
  void progress_resumedWithLastEventId_losesNoEvent() {
    f.send("POST", "/v1/operations", op("op-resume-1", "stop", "host"));

    List<SseReader.Event> firstPart =
        SseReader.read(f, "/v1/operations/op-resume-1/progress", null, 5);
    long last = firstPart.get(firstPart.size() - 1).id();
    List<SseReader.Event> rest =
        SseReader.read(f, "/v1/operations/op-resume-1/progress", last, 100_000);
    List<SseReader.Event> whole =
        SseReader.read(f, "/v1/operations/op-resume-1/progress", null, 100_000);

    assertThat(firstPart).hasSize(5);
    assertThat(rest.get(0).id()).isEqualTo(last + 1);
    List<SseReader.Event> joined = new java.util.ArrayList<>(firstPart);
    joined.addAll(rest);
    assertThat(joined).containsExactlyElementsOf(whole);
    assertThat(whole.get(whole.size() - 1).event()).isEqualTo("result");
  }

  @Test
  void operation_goesOnWhenTheClientGoesAway() throws Exception {
    f.send("POST", "/v1/operations", op("op-away-001", "recycle", "pool:Api"));
    SseReader.read(f, "/v1/operations/op-away-001/progress", null, 1);

    Wire.OperationView v = null;
    for (int i = 0; i < 200; i++) {
      v =
          AgentJson.lenient()
              .readValue(
                  f.send("GET", "/v1/operations/op-away-001", null).body(),
                  Wire.OperationView.class);
      if (v.state() == Wire.OperationState.FINISHED) {
        break;
      }
      Thread.sleep(25);
    }

    assertThat(v.state()).isEqualTo(Wire.OperationState.FINISHED);
    assertThat(v.result().outcome()).isEqualTo(io.iisbot.iis.engine.Outcome.SUCCEEDED);
  }

  // ---- reads ---------------------------------------------------------------------------------

  @Test
  void snapshotAndEvents_areServed() throws Exception {
    f.send("POST", "/v1/operations", op("op-events-1", "recycle", "pool:Api"));
    SseReader.read(f, "/v1/operations/op-events-1/progress", null, 100_000);

    HttpResponse<String> snap = f.send("GET", "/v1/snapshot", null);
    HttpResponse<String> events = f.send("GET", "/v1/events?since=1h&level=information", null);
    HttpResponse<String> warnings = f.send("GET", "/v1/events?since=1h&level=warning", null);

    assertThat(snap.statusCode()).isEqualTo(200);
    assertThat(AgentJson.lenient().readValue(snap.body(), io.iisbot.iis.HostSnapshot.class).host())
        .isEqualTo("web02");
    Wire.EventsView all = AgentJson.lenient().readValue(events.body(), Wire.EventsView.class);
    assertThat(all.events()).extracting(io.iisbot.iis.EventRecord::id).contains(5079);
    assertThat(AgentJson.lenient().readValue(warnings.body(), Wire.EventsView.class).events())
        .noneMatch(e -> e.id() == 5079);
  }

  @Test
  void events_badParameters_are400() {
    assertThat(f.send("GET", "/v1/events?since=yesterday", null).statusCode()).isEqualTo(400);
    assertThat(f.send("GET", "/v1/events?level=loud", null).statusCode()).isEqualTo(400);
  }

  private long now() {
    return f.clock.millis() / 1000;
  }

  static String op(String id, String action, String scope) {
    return "{\"id\":\""
        + id
        + "\",\"action\":\""
        + action
        + "\",\"scope\":\""
        + scope
        + "\",\"requestedBy\":\"slack:U024BE7LH\"}";
  }
}
