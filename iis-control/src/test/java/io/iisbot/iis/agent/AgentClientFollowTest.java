package io.iisbot.iis.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iisbot.iis.agent.server.AgentFixture;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Outcome;
import io.iisbot.iis.engine.Progress;
import io.iisbot.iis.engine.Scope;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link AgentClient#follow} over connections that break, and a whole graceful stop. */
final class AgentClientFollowTest {

  private static final Pattern LAST_EVENT_ID =
      Pattern.compile("(?im)^Last-Event-ID:\\s*(\\d+)\\s*$");

  private final AgentFixture f = AgentFixture.busy();
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();
  private final AgentClient direct = to(f.agent.uri()).build();

  @AfterEach
  void stop() {
    f.close();
  }

  private AgentClient.Builder to(URI base) {
    return f.clientTo(base, pauses::add);
  }

  /** A delivered event and which proxy connection was open when it came. */
  private record Delivery(Progress progress, int connection) {}

  @Test
  void follow_connectionDroppedMidStream_resumesAfterTheLastEventDeliveringEachOnce()
      throws IOException {
    direct.start(
        new Wire.OperationSpec("op-drop-0001", Action.STOP, Scope.host(), null, "slack:U1"));
    try (TcpProxy proxy =
        new TcpProxy(
            f.agent.port(), n -> n == 1 ? TcpProxy.Rule.cutAfter(2_000) : TcpProxy.Rule.PASS)) {
      AgentClient viaProxy = to(URI.create("http://127.0.0.1:" + proxy.port())).build();
      List<Delivery> got = new ArrayList<>();

      OperationResult r =
          viaProxy.follow("op-drop-0001", p -> got.add(new Delivery(p, proxy.connections())));

      List<Progress> whole = new ArrayList<>();
      OperationResult replayed = direct.follow("op-drop-0001", whole::add);
      assertThat(got).extracting(Delivery::progress).containsExactlyElementsOf(whole);
      assertThat(r).isEqualTo(replayed);
      long beforeTheCut = got.stream().filter(d -> d.connection() == 1).count();
      assertThat(beforeTheCut).as("events before the cut").isBetween(1L, whole.size() - 1L);
      List<String> sent = proxy.requests();
      assertThat(sent).hasSize(2);
      assertThat(LAST_EVENT_ID.matcher(sent.get(0)).find()).isFalse();
      assertThat(lastEventId(sent.get(1))).isEqualTo(beforeTheCut);
    }
  }

  @Test
  void follow_streamStalls_readTimeoutReconnectsAndResumes() throws IOException {
    // Finished first, so the replay has no pauses of its own that a short timeout would cut.
    direct.start(
        new Wire.OperationSpec("op-stall-001", Action.STOP, Scope.host(), null, "slack:U1"));
    List<Progress> whole = new ArrayList<>();
    OperationResult result = direct.follow("op-stall-001", whole::add);
    try (TcpProxy proxy =
        new TcpProxy(
            f.agent.port(), n -> n == 1 ? TcpProxy.Rule.stallAfter(1_500) : TcpProxy.Rule.PASS)) {
      AgentClient viaProxy =
          to(URI.create("http://127.0.0.1:" + proxy.port()))
              .requestTimeout(Duration.ofMillis(300))
              .build();
      List<Progress> got = new ArrayList<>();

      OperationResult r = viaProxy.follow("op-stall-001", got::add);

      assertThat(got).containsExactlyElementsOf(whole);
      assertThat(r).isEqualTo(result);
      List<String> sent = proxy.requests();
      assertThat(sent).hasSize(2);
      assertThat(lastEventId(sent.get(1))).isBetween(1L, whole.size() - 1L);
      assertThat(pauses).containsExactly(Duration.ofMillis(250));
    }
  }

  @Test
  void follow_everyConnectionDropped_givesUpAfterBoundedReconnects() throws IOException {
    direct.start(AgentClientTest.recyclePool("op-gone-0001"));
    try (TcpProxy proxy = new TcpProxy(f.agent.port(), n -> TcpProxy.Rule.cutAfter(0))) {
      AgentClient viaProxy =
          to(URI.create("http://127.0.0.1:" + proxy.port())).followReconnects(2).build();

      AgentException.Unreachable e =
          catchThrowableOfType(
              () -> viaProxy.follow("op-gone-0001", p -> {}), AgentException.Unreachable.class);

      assertThat(e.getMessage())
          .isEqualTo(
              "lost web02's agent's progress for operation op-gone-0001 after 2 reconnects (the"
                  + " connection kept failing); the operation goes on on the agent, so ask for it"
                  + " again by its id");
      // Three attempts, each signed afresh (HttpClient may resend each once on its own).
      assertThat(proxy.requests().stream().map(AgentClientFollowTest::nonce).distinct()).hasSize(3);
      assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }
    assertThat(direct.follow("op-gone-0001", p -> {}).outcome()).isEqualTo(Outcome.SUCCEEDED);
  }

  @Test
  void gracefulStop_busyHostDrain150s_throughTheClient_cutsNoRequest() {
    Wire.OperationSpec stop =
        new Wire.OperationSpec(
            "op-graceful-1",
            Action.STOP,
            Scope.host(),
            Options.defaults().withDrain(Duration.ofSeconds(150)),
            "slack:U024BE7LH");
    int inFlight = direct.plan(stop.request()).activeRequests();
    List<Progress> progress = new ArrayList<>();

    direct.start(stop);
    OperationResult r = direct.follow("op-graceful-1", progress::add);

    assertThat(inFlight).as("busy starts with requests in flight").isGreaterThan(50);
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.cutRequests()).isEmpty();
    assertThat(f.host.cutRequests()).as("the simulation's own record").isEmpty();
    assertThat(r.step("drain requests").orElseThrow().detail())
        .startsWith("drained " + inFlight + " requests in ");
    assertThat(progress).anyMatch(p -> p instanceof Progress.RequestsLeft);
    assertThat(direct.operation("op-graceful-1").result()).isEqualTo(r);
  }

  private static String nonce(String request) {
    Matcher m = Pattern.compile("nonce=([A-Za-z0-9_-]+)").matcher(request);
    assertThat(m.find()).as("a signed request: %s", request).isTrue();
    return m.group(1);
  }

  private static long lastEventId(String request) {
    Matcher m = LAST_EVENT_ID.matcher(request);
    assertThat(m.find()).as("Last-Event-ID in %s", request).isTrue();
    return Long.parseLong(m.group(1));
  }
}
