package io.iisbot.iis.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iisbot.iis.ObjectState;
import io.iisbot.iis.agent.server.AgentFixture;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.Scope;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each typed failure, and the retry policy, through real HTTP on 127.0.0.1. */
final class AgentClientFailureTest {

  private static final String SECRET_TEXT = new String(AgentFixture.SECRET, StandardCharsets.UTF_8);

  private final AgentFixture f = AgentFixture.busy();
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    f.close();
  }

  private AgentClient.Builder to(URI base) {
    return f.clientTo(base, pauses::add);
  }

  private AgentClient client() {
    return to(f.agent.uri()).build();
  }

  // ---- the failure types ---------------------------------------------------------------------

  @Test
  void unreachable_closedPort_triesThreeTimesThenSaysWhatToCheck() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    AgentClient c =
        AgentClient.builder(
                URI.create("http://127.0.0.1:" + closed), AgentFixture.KEY, AgentFixture.SECRET)
            .sleeper(pauses::add)
            .build();

    AgentException.Unreachable e =
        catchThrowableOfType(c::health, AgentException.Unreachable.class);

    assertThat(e.getMessage())
        .isEqualTo(
            "cannot reach the agent at http://127.0.0.1:"
                + closed
                + " (connection refused, 3 tries); is the iisbot agent service running?");
    assertThat(e.kind()).isEqualTo(AgentException.Kind.UNREACHABLE);
    assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void unauthorized_wrongSecret_saysTheKeyDoesNotMatchAndIsNotRetried() {
    byte[] wrong = "a-different-secret-of-32-bytes-or-more!!".getBytes(StandardCharsets.UTF_8);
    AgentClient c =
        AgentClient.builder(f.agent.uri(), AgentFixture.KEY, wrong)
            .clock(f.clock)
            .name("web02")
            .sleeper(pauses::add)
            .build();

    AgentException.Unauthorized e =
        catchThrowableOfType(c::snapshot, AgentException.Unauthorized.class);

    assertThat(e.getMessage())
        .isEqualTo(
            "web02's agent rejected our request (signed for web02): the request's signature did"
                + " not check out: check the key id and its secret, that the request was signed"
                + " for this agent's name, and that both clocks agree within 5 minutes");
    assertThat(e.status()).isEqualTo(401);
    assertThat(pauses).isEmpty();
  }

  @Test
  void unauthorized_clockTenMinutesAhead_getsTheSameAnswer_whichNamesTheClocks() {
    AgentClient c = to(f.agent.uri()).clock(Clock.offset(f.clock, Duration.ofMinutes(10))).build();

    AgentException.Unauthorized e =
        catchThrowableOfType(c::health, AgentException.Unauthorized.class);

    assertThat(e.getMessage())
        .startsWith("web02's agent rejected our request (signed for web02): ")
        .endsWith("both clocks agree within 5 minutes")
        .doesNotContain("600")
        .doesNotContain(SECRET_TEXT)
        .doesNotContain(AgentAuth.SCHEME);
  }

  @Test
  void conflict_busy_namesTheRunningOperation() {
    AgentClient c = client();
    c.start(new Wire.OperationSpec("op-long-0001", Action.STOP, Scope.host(), null, "slack:U1"));

    AgentException.Conflict e =
        catchThrowableOfType(
            () -> c.start(AgentClientTest.recyclePool("op-second-01")),
            AgentException.Conflict.class);

    assertThat(e.isBusy()).isTrue();
    assertThat(e.runningOperationId()).contains("op-long-0001");
    assertThat(e.getMessage())
        .isEqualTo(
            "web02's agent is busy: operation op-long-0001 is still running on this host; wait"
                + " for it or follow it");
    assertThat(pauses).isEmpty();
    c.follow("op-long-0001", p -> {});
  }

  @Test
  void conflict_idReused_isNotBusy() {
    AgentClient c = client();
    c.start(AgentClientTest.recyclePool("op-reuse-001"));

    AgentException.Conflict e =
        catchThrowableOfType(
            () ->
                c.start(
                    new Wire.OperationSpec("op-reuse-001", Action.STOP, Scope.host(), null, "x")),
            AgentException.Conflict.class);

    assertThat(e.isBusy()).isFalse();
    assertThat(e.code()).contains("id_reused");
    assertThat(e.runningOperationId()).isEmpty();
    assertThat(e.getMessage())
        .startsWith(
            "web02's agent refused the operation id: operation id op-reuse-001 was already"
                + " used for a different operation");
    c.follow("op-reuse-001", p -> {});
  }

  @Test
  void rejected_notInTheAllowList_quotesTheAgent() {
    try (AgentFixture strict =
        new AgentFixture(
            "busy",
            new AllowList(List.of("W3SVC"), List.of("DefaultAppPool"), List.of("*"), false))) {
      AgentClient c = to(strict.agent.uri()).clock(strict.clock).build();

      AgentException.Rejected start =
          catchThrowableOfType(
              () ->
                  c.start(
                      new Wire.OperationSpec(
                          "op-deny-001", Action.STOP, new Scope.Pool("Api"), null, "x")),
              AgentException.Rejected.class);
      AgentException.Rejected plan =
          catchThrowableOfType(
              () -> c.plan(OperationRequest.of(Action.STOP, Scope.host())),
              AgentException.Rejected.class);

      assertThat(start.getMessage())
          .isEqualTo(
              "web02's agent refused the request: pool Api is not in this agent's allow-list"
                  + " (allow.pools)");
      assertThat(start.status()).isEqualTo(422);
      assertThat(start.code()).contains("not_allowed");
      assertThat(plan.status()).isEqualTo(422);
      assertThat(strict.host.pools()).allMatch(p -> p.state() == ObjectState.STARTED);
      assertThat(pauses).isEmpty();
    }
  }

  @Test
  void rejected_badRequest_quotesTheAgent() {
    AgentClient c = client();

    AgentException.Rejected site =
        catchThrowableOfType(
            () -> c.plan(OperationRequest.of(Action.STOP, new Scope.Site("nope"))),
            AgentException.Rejected.class);
    AgentException.Rejected window =
        catchThrowableOfType(
            () -> c.events(f.clock.instant(), f.clock.instant().minusSeconds(60), null),
            AgentException.Rejected.class);

    assertThat(site.status()).isEqualTo(400);
    assertThat(site.getMessage())
        .startsWith("web02's agent refused the request: ")
        .contains("no site \"nope\" on web02");
    assertThat(window.getMessage())
        .isEqualTo("web02's agent refused the request: since must be before until");
    assertThat(pauses).isEmpty();
  }

  @Test
  void notFound_unknownOperation_forReadAndFollow() {
    AgentClient c = client();

    AgentException.NotFound read =
        catchThrowableOfType(() -> c.operation("op-nobody-1"), AgentException.NotFound.class);
    AgentException.NotFound follow =
        catchThrowableOfType(() -> c.follow("op-nobody-1", p -> {}), AgentException.NotFound.class);

    assertThat(read.getMessage())
        .isEqualTo(
            "web02's agent found nothing: no operation op-nobody-1 on this agent (finished ones"
                + " are kept for 1h)");
    assertThat(follow.getMessage()).isEqualTo(read.getMessage());
    assertThat(pauses).isEmpty();
  }

  @Test
  void timeout_agentAcceptsButNeverAnswers_isATimeoutAfterOneTry() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      accepting(silent, held::add);
      AgentClient c =
          to(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
              .requestTimeout(Duration.ofMillis(200))
              .retries(1)
              .build();

      AgentException.Timeout e = catchThrowableOfType(c::snapshot, AgentException.Timeout.class);

      assertThat(e.getMessage())
          .isEqualTo(
              "web02's agent did not answer the snapshot request within 200ms; it may be"
                  + " overloaded or hung");
      assertThat(held).hasSize(1);
      assertThat(pauses).isEmpty();
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void timeout_agentSendsItsHeadersThenStallsTheBody_isATimeoutWithinTheSameBudget()
      throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket stalling = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      accepting(
          stalling,
          s -> {
            held.add(s);
            s.getOutputStream()
                .write(
                    ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"host\":")
                        .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
          });
      AgentClient c =
          to(URI.create("http://127.0.0.1:" + stalling.getLocalPort()))
              .requestTimeout(Duration.ofMillis(300))
              .retries(1)
              .build();

      long start = System.nanoTime();
      AgentException.Timeout e = catchThrowableOfType(c::snapshot, AgentException.Timeout.class);
      long tookMs = (System.nanoTime() - start) / 1_000_000;

      assertThat(e.getMessage())
          .isEqualTo(
              "web02's agent did not answer the snapshot request within 300ms; it may be"
                  + " overloaded or hung");
      assertThat(tookMs).isBetween(250L, 3_000L);
      assertThat(held).hasSize(1);
      assertThat(pauses).isEmpty();
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** Socket handling that may fail (the test is then over). */
  private interface OnAccept {
    void accept(Socket s) throws IOException;
  }

  /** Accepts every connection to {@code server} on a daemon thread until it is closed. */
  private static void accepting(ServerSocket server, OnAccept then) {
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  then.accept(server.accept());
                }
              } catch (IOException closed) {
                // the test is over
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  // ---- retries -------------------------------------------------------------------------------

  @Test
  void retry_afterTheAnswerWasLost_isSignedAfreshAndSucceeds() throws IOException {
    // The first request reaches the agent, which records its nonce; only the answer is lost.
    // HttpClient then resends that GET by itself, headers and all, and the agent refuses the copy
    // as a replay. So this passes only if the client's own retry is signed afresh.
    try (TcpProxy proxy =
        new TcpProxy(
            f.agent.port(), n -> n == 1 ? TcpProxy.Rule.cutAfter(0) : TcpProxy.Rule.PASS)) {
      AgentClient c = to(URI.create("http://127.0.0.1:" + proxy.port())).build();

      Wire.Health h = c.health();

      assertThat(h.host()).isEqualTo("web02");
      List<String> nonces = proxy.requests().stream().map(AgentClientFailureTest::nonce).toList();
      assertThat(nonces).hasSizeGreaterThanOrEqualTo(2);
      String last = nonces.get(nonces.size() - 1);
      assertThat(nonces.subList(0, nonces.size() - 1)).doesNotContain(last);
      // Refused as a replay, the client waits for the next second: its new stamp is later.
      assertThat(pauses).containsExactly(Duration.ofSeconds(1));
    }
  }

  @Test
  void retry_stampFromBeforeTheAgentStarted_isSignedAgainAMomentLater() {
    // The bot's clock is half a second behind the agent's, which has just started.
    List<Duration> waited = new CopyOnWriteArrayList<>();
    AgentClient c =
        AgentClient.builder(f.agent.uri(), AgentFixture.KEY, AgentFixture.SECRET)
            .clock(Clock.offset(f.clock, Duration.ofMillis(-500)))
            .name("web02")
            .sleeper(
                d -> {
                  waited.add(d);
                  f.clock.advance(d);
                })
            .build();

    assertThat(c.health().host()).isEqualTo("web02");
    assertThat(waited).containsExactly(Duration.ofMillis(500));
  }

  @Test
  void retry_startWhoseAnswerWasLost_returnsTheOperationItStarted() throws IOException {
    try (TcpProxy proxy =
        new TcpProxy(
            f.agent.port(), n -> n == 1 ? TcpProxy.Rule.cutAfter(0) : TcpProxy.Rule.PASS)) {
      AgentClient c = to(URI.create("http://127.0.0.1:" + proxy.port())).build();

      Wire.OperationView v = c.start(AgentClientTest.recyclePool("op-retry-001"));

      assertThat(v.id()).isEqualTo("op-retry-001");
      List<String> sent = proxy.requests();
      assertThat(sent).hasSize(2).allMatch(r -> r.startsWith("POST /v1/operations "));
      assertThat(nonce(sent.get(0))).isNotEqualTo(nonce(sent.get(1)));
      assertThat(body(sent.get(0))).isEqualTo(body(sent.get(1)));
      c.follow("op-retry-001", p -> {});
    }
  }

  @Test
  void retry_never_afterA4xx() throws IOException {
    try (TcpProxy proxy = new TcpProxy(f.agent.port(), n -> TcpProxy.Rule.PASS)) {
      URI through = URI.create("http://127.0.0.1:" + proxy.port());
      AgentClient skewed = to(through).clock(Clock.offset(f.clock, Duration.ofMinutes(10))).build();
      AgentClient c = to(through).build();

      catchThrowableOfType(skewed::health, AgentException.Unauthorized.class);
      catchThrowableOfType(() -> c.operation("op-nobody-1"), AgentException.NotFound.class);
      catchThrowableOfType(
          () -> c.plan(OperationRequest.of(Action.STOP, new Scope.Site("nope"))),
          AgentException.Rejected.class);

      assertThat(String.join("", proxy.requests()))
          .containsOnlyOnce("GET /v1/health ")
          .containsOnlyOnce("GET /v1/operations/op-nobody-1 ")
          .containsOnlyOnce("POST /v1/plans ");
      assertThat(pauses).isEmpty();
    }
  }

  private static final Pattern NONCE = Pattern.compile("nonce=([A-Za-z0-9_-]+)");

  private static String nonce(String request) {
    Matcher m = NONCE.matcher(request);
    assertThat(m.find()).as("a signed request: %s", request).isTrue();
    return m.group(1);
  }

  private static String body(String request) {
    return request.substring(request.indexOf("\r\n\r\n") + 4);
  }
}
