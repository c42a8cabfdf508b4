package io.iisbot.bot.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.agent.AgentJson;
import io.iisbot.iis.agent.Wire;
import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Scope;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile input against the agent's routes ({@code /v1/*}): bodies made from real operation, plan
 * and abort requests, correctly signed so they reach the parsers, and unsigned, badly signed,
 * replayed, of the wrong type, invalid UTF-8, deeply nested, huge or slow; GET routes with hostile
 * paths and queries. The agent's allow-list is empty, so even a request that is valid and signed
 * cannot start anything: any operation counted is a bug.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class AgentFuzzTest {

  static final int CASES = BotFuzzTest.CASES;
  static final String KEY = "fuzz";
  static final byte[] SECRET =
      "agent-fuzz-secret-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8);

  private final ObjectMapper json = AgentJson.strict();
  private VirtualClock clock;
  private SimulatedIisHost host;
  private Agent agent;
  private URI base;
  private String before;

  @BeforeAll
  void start() {
    clock = new VirtualClock(java.time.Instant.now());
    host = new SimulatedIisHost(Scenarios.named("healthy"), clock);
    VirtualClock c = clock;
    agent =
        Agent.start(
            new Agent.Settings(
                host,
                "simulated",
                clock,
                c::advance,
                Map.of(KEY, SECRET),
                new AllowList(List.of(), List.of(), List.of(), false),
                "127.0.0.1",
                0,
                null,
                Duration.ofHours(1),
                EngineSettings.defaults()));
    base = agent.uri();
    before = states();
  }

  @AfterAll
  void stop() {
    agent.close();
  }

  @Test
  void operations_hostileInput_neverFailsOrRuns() throws Exception {
    List<String> seeds = new ArrayList<>();
    for (Scope scope :
        List.of(
            Scope.host(), new Scope.Site("Default Web Site"), new Scope.Pool("DefaultAppPool"))) {
      for (Action a : List.of(Action.STOP, Action.START, Action.SUSPEND, Action.RESUME)) {
        seeds.add(
            json.writeValueAsString(
                new Wire.OperationSpec(
                    "fuzz-op-0000001", a, scope, Options.defaults(), "slack:UALICE")));
      }
    }
    seeds.add(
        json.writeValueAsString(
            new Wire.OperationSpec(
                "fuzz-op-0000002",
                Action.RECYCLE,
                new Scope.Pool("DefaultAppPool"),
                Options.defaults().withDrain(Duration.ofSeconds(30)),
                "discord:1",
                "0".repeat(64))));
    run("/v1/operations", seeds);
  }

  @Test
  void plans_hostileInput_neverFailsOrRuns() throws Exception {
    List<String> seeds = new ArrayList<>();
    seeds.add(
        json.writeValueAsString(
            new Wire.PlanSpec(Action.STOP, Scope.host(), Options.defaults().withAll(true))));
    seeds.add(
        json.writeValueAsString(
            new Wire.PlanSpec(Action.RECYCLE, new Scope.Pool("DefaultAppPool"), null)));
    seeds.add(
        json.writeValueAsString(
            new Wire.PlanSpec(Action.SUSPEND, new Scope.Site("Default Web Site"), null)));
    run("/v1/plans", seeds);
  }

  @Test
  void abort_hostileInput_neverFailsOrRuns() throws Exception {
    run("/v1/operations/fuzz-op-0000001/abort", List.of("{\"requestedBy\":\"slack:UALICE\"}"));
  }

  /** The reads: hostile ids in paths, hostile since/until/level in the events query. */
  @Test
  void reads_hostileInput_neverFailsOrRuns() throws Exception {
    List<String> reads =
        List.of(
            "/v1/operations/",
            "/v1/operations/%s/progress",
            "/v1/events?since=",
            "/v1/events?until=",
            "/v1/events?level=",
            "/v1/events?since=1h&level=",
            "/v1/health?x=",
            "/v1/snapshot?x=",
            "/v1/");
    Fuzz.Report r =
        measured(
            "/v1/* (reads)",
            (m, i) -> {
              String value =
                  switch (m.nextInt(4)) {
                    case 0 -> m.hostile();
                    case 1 -> "fuzz-op-0000001" + m.hostile();
                    case 2 ->
                        new String(
                            m.bytes("2026-01-05T09:00:00Z".getBytes(StandardCharsets.UTF_8)),
                            StandardCharsets.UTF_8);
                    default -> m.pick(List.of("30m", "-1h", "99999999h", "warning", "ERROR", ""));
                  };
              String enc = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
              String shape = m.pick(reads);
              String pathAndQuery = shape.contains("%s") ? shape.formatted(enc) : shape + enc;
              return new Fuzz.Case(
                  "GET", pathAndQuery, null, null, headers(m, "GET", pathAndQuery, new byte[0]));
            });
    assertThat(r.examples()).as("answers with 5xx or a stack trace").isEmpty();
  }

  private void run(String route, List<String> seeds) throws Exception {
    Map<String, String> h = headers(null, "POST", route, new byte[0]);
    h.put("Content-Type", "application/json");
    var bodies =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return List.of(
                    Fuzz.huge(base, route, h, 64L * 1024 * 1024, 2 * 1024 * 1024),
                    Fuzz.huge(base, route, h, 1L << 40, 128 * 1024),
                    Fuzz.slow(
                        base, route, h, 4096, Duration.ofMillis(400), Duration.ofSeconds(12)));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Fuzz.Report r =
        measured(
            route,
            (m, i) -> {
              int kind = m.nextInt(100);
              byte[] body;
              String type = "application/json";
              if (kind < 55) {
                body = utf8(m.json(m.pick(seeds)));
              } else if (kind < 67) {
                body = m.bytes(utf8(m.pick(seeds)));
              } else if (kind < 72) {
                body = m.withInvalidUtf8(utf8(m.pick(seeds)));
              } else if (kind < 76) {
                body = m.deepJson(10 + m.nextInt(20_000));
              } else if (kind < 79) {
                body = m.garbage();
              } else if (kind < 92) {
                body = utf8(m.json(m.pick(seeds)));
                return new Fuzz.Case("POST", route, type, body, badHeaders(m, route, body));
              } else {
                body = utf8(m.pick(seeds));
                type =
                    m.pick(
                        List.of(
                            "text/plain",
                            "application/xml",
                            "multipart/form-data; boundary=x",
                            "application/x-www-form-urlencoded"));
              }
              return new Fuzz.Case("POST", route, type, body, headers(m, "POST", route, body));
            });
    BotFuzzTest.assertBodies(route, bodies);
    assertThat(r.examples()).as("answers with 5xx or a stack trace").isEmpty();
    // A correctly signed, valid request is the bot's by design and may be accepted (202); with
    // the empty allow-list its plan is refused just before it runs, so the host is untouched
    // (checked after every route), which is what counts.
    if (r.statuses().containsKey(202)) {
      System.out.println(
          "[fuzz] "
              + route
              + ": "
              + r.statuses().get(202)
              + " correctly signed specs accepted; none touched the host (empty allow-list)");
    }
  }

  private Fuzz.Report measured(String route, Fuzz.Maker maker) throws Exception {
    long heapBefore = Fuzz.heapAfterGc();
    long t0 = System.nanoTime();
    Fuzz.Report r = Fuzz.run(base, route, CASES, BotFuzzTest.THREADS, maker);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long heapDelta = Fuzz.heapAfterGc() - heapBefore;
    String after = states();
    int operations = after.equals(before) ? 0 : 1;
    System.out.println(Fuzz.line(r, operations, heapDelta) + " in " + ms + " ms");
    assertThat(after).as("the host's state after fuzzing " + route).isEqualTo(before);
    assertThat(heapDelta).as("heap growth after %s", route).isLessThan(BotFuzzTest.HEAP_BOUND);
    return r;
  }

  /** Signed for this agent, now; now and then signed wrongly in one of the ways that matter. */
  private Map<String, String> headers(Mutator m, String method, String pathAndQuery, byte[] body) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    Map<String, String> h = new LinkedHashMap<>();
    h.put(
        "Authorization",
        AgentAuth.header(
            KEY,
            SECRET,
            agent.name(),
            method,
            path,
            query,
            clock.millis() / 1000,
            AgentAuth.newNonce(),
            body));
    if (m != null && m.nextInt(10) == 0) {
      return badHeaders(m, pathAndQuery, body);
    }
    return h;
  }

  private Map<String, String> badHeaders(Mutator m, String route, byte[] body) {
    long now = clock.millis() / 1000;
    String nonce = AgentAuth.newNonce();
    Map<String, String> h = new LinkedHashMap<>();
    switch (m.nextInt(7)) {
      case 0 -> {}
      case 1 ->
          h.put(
              "Authorization",
              AgentAuth.header(
                  KEY,
                  "wrong".repeat(10).getBytes(),
                  agent.name(),
                  "POST",
                  route,
                  "",
                  now,
                  nonce,
                  body));
      case 2 ->
          h.put(
              "Authorization",
              AgentAuth.header(
                  KEY, SECRET, agent.name(), "POST", route, "", now - 3600, nonce, body));
      case 3 ->
          h.put(
              "Authorization",
              AgentAuth.header(KEY, SECRET, "web99", "POST", route, "", now, nonce, body));
      case 4 ->
          h.put(
              "Authorization",
              AgentAuth.header("other", SECRET, agent.name(), "POST", route, "", now, nonce, body));
      case 5 ->
          h.put(
              "Authorization",
              m.headerValue(AgentAuth.SCHEME + " key=fuzz, ts=1, nonce=x, sig=00"));
      default -> {
        String replayed =
            AgentAuth.header(
                KEY,
                SECRET,
                agent.name(),
                "POST",
                route,
                "",
                now,
                "fixed-nonce-for-replays-00000000",
                body);
        h.put("Authorization", replayed);
      }
    }
    return h;
  }

  private String states() {
    StringBuilder b = new StringBuilder();
    host.services().forEach(s -> b.append(s.name()).append('=').append(s.state()).append('\n'));
    host.pools()
        .forEach(
            p -> b.append("pool ").append(p.name()).append('=').append(p.state()).append('\n'));
    host.sites()
        .forEach(
            s -> b.append("site ").append(s.name()).append('=').append(s.state()).append('\n'));
    return b.toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
