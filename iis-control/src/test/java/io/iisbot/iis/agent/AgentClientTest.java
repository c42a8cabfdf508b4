package io.iisbot.iis.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.agent.Wire.OperationView;
import io.iisbot.iis.agent.server.AgentFixture;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Outcome;
import io.iisbot.iis.engine.Plan;
import io.iisbot.iis.engine.Progress;
import io.iisbot.iis.engine.Scope;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every method of {@link AgentClient} through real HTTP against a real agent on 127.0.0.1. */
final class AgentClientTest {

  private final AgentFixture f = AgentFixture.busy();
  private final AgentClient client =
      AgentClient.builder(f.agent.uri(), AgentFixture.KEY, AgentFixture.SECRET)
          .clock(f.clock)
          .name("web02")
          .build();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void health_signed_returnsTheAgentsHealth() {
    Wire.Health h = client.health();

    assertThat(h.status()).isEqualTo("ok");
    assertThat(h.host()).isEqualTo("web02");
    assertThat(h.mode()).isEqualTo("simulated");
    assertThat(h.time()).isEqualTo(f.clock.instant());
  }

  @Test
  void snapshot_busyHost_showsItsPoolsAndRequests() {
    HostSnapshot s = client.snapshot();

    assertThat(s.host()).isEqualTo("web02");
    assertThat(s.pools()).extracting(p -> p.name()).contains("Api", "DefaultAppPool");
    assertThat(s)
        .isEqualTo(new io.iisbot.iis.engine.OperationEngine(f.host, f.clock, f.clock).snapshot());
  }

  @Test
  void plan_stopHost_previewsWithoutChangingAnything() {
    Plan p =
        client.plan(
            new OperationRequest(
                Action.STOP, Scope.host(), Options.defaults().withDrain(Duration.ofSeconds(150))));

    assertThat(p.host()).isEqualTo("web02");
    assertThat(p.request().options().drain()).isEqualTo(Duration.ofSeconds(150));
    assertThat(p.pools()).contains("Api");
    assertThat(p.activeRequests()).isGreaterThan(50);
    assertThat(f.host.pools()).allMatch(pool -> pool.state() == ObjectState.STARTED);
  }

  @Test
  void start_sameIdTwice_returnsTheSameOperation() {
    Wire.OperationSpec spec = recyclePool("op-client-01");

    OperationView first = client.start(spec);
    OperationView again = client.start(spec);

    assertThat(first.id()).isEqualTo("op-client-01");
    assertThat(first.host()).isEqualTo("web02");
    assertThat(first.requestedBy()).isEqualTo("slack:U024BE7LH");
    assertThat(again.createdAt()).isEqualTo(first.createdAt());
  }

  @Test
  void follow_runningOperation_deliversItsProgressThenTheResult() {
    client.start(recyclePool("op-client-02"));
    List<Progress> progress = new ArrayList<>();

    OperationResult r = client.follow("op-client-02", progress::add);

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(0)).isInstanceOf(Progress.StepStarted.class);
    OperationView done = client.operation("op-client-02");
    assertThat(done.state()).isEqualTo(Wire.OperationState.FINISHED);
    assertThat(done.result()).isEqualTo(r);
    assertThat(done.lastEventId()).isEqualTo(progress.size() + 1L);
  }

  @Test
  void follow_finishedOperation_replaysEverything() {
    client.start(recyclePool("op-client-03"));
    List<Progress> live = new ArrayList<>();
    OperationResult first = client.follow("op-client-03", live::add);
    List<Progress> replay = new ArrayList<>();

    OperationResult again = client.follow("op-client-03", replay::add);

    assertThat(replay).isEqualTo(live);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void operation_whileRunning_isRunningWithoutAResult() {
    // A host stop of busy drains for a while: it is still running right after it starts.
    client.start(
        new Wire.OperationSpec("op-client-04", Action.STOP, Scope.host(), null, "slack:U1"));

    OperationView v = client.operation("op-client-04");

    assertThat(v.state()).isEqualTo(Wire.OperationState.RUNNING);
    assertThat(v.result()).isNull();
    client.follow("op-client-04", p -> {});
  }

  @Test
  void events_byLevel_filtersOnTheAgent() {
    client.start(recyclePool("op-client-05"));
    client.follow("op-client-05", p -> {});

    Wire.EventsView info =
        client.events(f.clock.instant().minus(Duration.ofHours(1)), null, EventLevel.INFORMATION);
    Wire.EventsView warnings =
        client.events(
            f.clock.instant().minus(Duration.ofHours(1)),
            f.clock.instant().plusSeconds(1),
            EventLevel.WARNING);
    Wire.EventsView defaults = client.events(null, null, null);

    assertThat(info.events()).extracting(EventRecord::id).contains(5079);
    assertThat(warnings.events()).noneMatch(e -> e.id() == 5079);
    assertThat(defaults.events()).extracting(EventRecord::id).contains(5079);
  }

  @Test
  void listener_isToldOfEveryCallWithItsRouteTemplateAndOutcome() {
    java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    AgentClient counted =
        AgentClient.builder(f.agent.uri(), AgentFixture.KEY, AgentFixture.SECRET)
            .clock(f.clock)
            .name("web02")
            .listener(
                (agent, route, took, outcome) -> {
                  assertThat(took.isNegative()).isFalse();
                  told.add(agent + " " + route + " " + outcome);
                })
            .build();

    counted.snapshot();
    counted.start(recyclePool("op-listened-01"));
    counted.follow("op-listened-01", p -> {});
    assertThatThrownBy(() -> counted.operation("op-unknown-01"))
        .isInstanceOf(AgentException.NotFound.class);

    assertThat(told)
        .containsExactly(
            "web02 GET /v1/snapshot ok",
            "web02 POST /v1/operations ok",
            "web02 GET /v1/operations/{id}/progress ok",
            "web02 GET /v1/operations/{id} not_found");
  }

  @Test
  void operationId_malformed_failsBeforeAnyRequest() {
    assertThatThrownBy(() -> client.operation("../../v1/health"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "an operation id is 8-64 characters of A-Z a-z 0-9 . _ -, was \"../../v1/health\"");
  }

  @Test
  void builder_shortSecretOrBadAddress_isRefusedNamingTheProblem() {
    URI web02 = URI.create("https://web02:9701");

    assertThatThrownBy(
            () -> AgentClient.builder(web02, "bot", "short".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("the secret for web02 must be at least 32 bytes, was 5");
    assertThatThrownBy(
            () -> AgentClient.builder(URI.create("ftp://web02"), "bot", AgentFixture.SECRET))
        .hasMessage("an agent's address is http(s)://host:port, was \"ftp://web02\"");
    assertThatThrownBy(() -> AgentClient.builder(web02, "bot test", AgentFixture.SECRET))
        .hasMessageContaining("a key id is 1-64 characters");
    assertThatThrownBy(() -> AgentClient.builder(web02, "bot", AgentFixture.SECRET).retries(11))
        .hasMessage("retries must be between 0 and 10, was 11");
  }

  @Test
  void toString_namesTheAgentButNotTheSecret() {
    String secret = new String(AgentFixture.SECRET, StandardCharsets.UTF_8);

    assertThat(client.toString()).contains("web02").contains("bot-test").doesNotContain(secret);
  }

  static Wire.OperationSpec recyclePool(String id) {
    return new Wire.OperationSpec(
        id, Action.RECYCLE, new Scope.Pool("Api"), null, "slack:U024BE7LH");
  }
}
