package io.iisbot.bot.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.config.Host;
import io.iisbot.config.LoadBalancer;
import io.iisbot.config.Secret;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Outcome;
import io.iisbot.iis.engine.Progress;
import io.iisbot.iis.engine.Scope;
import io.iisbot.iis.engine.Verification;
import io.iisbot.iis.sim.VirtualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The capacity guard and the prompt's lines, over a balancer that reports what the test says. */
final class BalancingTest {

  /** One backend "web" whose servers' statuses the test sets. */
  private static final class Fake implements Balancer {
    final List<Server> servers = new ArrayList<>();

    @Override
    public String name() {
      return "edge";
    }

    @Override
    public List<Backend> backendsOf(String server) {
      return servers.stream().anyMatch(s -> s.name().equals(server))
          ? List.of(new Backend("web", servers))
          : List.of();
    }

    final List<String> calls = new ArrayList<>();
    int connections;
    boolean drainFails;

    @Override
    public void drain(String server) {
      calls.add("drain " + server);
      if (drainFails) {
        throw new BalancerException(
            "edge refused to set web/" + server + " drain: No such server.");
      }
    }

    @Override
    public void restore(String server) {
      calls.add("restore " + server);
    }

    @Override
    public OptionalInt connections(String server) {
      return OptionalInt.of(connections);
    }

    @Override
    public Optional<Boolean> up(String server) {
      return Optional.of(true);
    }
  }

  private final Fake fake = new Fake();
  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-05T09:00:00Z"));

  private Balancing balancing(String minInService, int servers, boolean overlapped) {
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= servers; i++) {
      String name = "web0" + i;
      fake.servers.add(new Balancer.Server(name, "UP", 0));
      hosts.add(
          new Host(
              name,
              URI.create("https://" + name + ":9701"),
              "bot",
              Secret.of("0123456789abcdef0123456789abcdef-" + name),
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(new Host.Behind("edge", Optional.empty()))));
    }
    LoadBalancer.Haproxy edge =
        new LoadBalancer.Haproxy(
            "edge",
            URI.create("tcp://127.0.0.1:9999"),
            List.of("web"),
            LoadBalancer.MinInService.parse(minInService),
            Duration.ofMinutes(5),
            Duration.ofMinutes(2));
    return new Balancing(
        hosts, List.of(edge), Map.of("edge", fake), clock, clock::advance, (h, r) -> overlapped);
  }

  private static OperationRequest request(Action a) {
    return new OperationRequest(
        a, a == Action.RECYCLE ? new Scope.Pool("Api") : Scope.host(), Options.defaults());
  }

  @Test
  void preview_stopOfOneOfFour_showsTheStepsWithWhatStaysIn() {
    Balancing b = balancing("50%", 4, true);

    Balancing.Preview p = b.preview(request(Action.STOP), List.of("web02"), 1);

    assertThat(p.batch()).isEqualTo(1);
    assertThat(p.lines())
        .containsExactly(
            "⚖ web02: take web02 out of edge/web (3 of 4 servers stay in), then wait until web02"
                + " has no connections at edge (up to 5m)");
  }

  @Test
  void preview_stopBelowAPercentage_isRefusedWithTheNumbers() {
    Balancing b = balancing("50%", 4, true);
    fake.servers.set(0, new Balancer.Server("web01", "MAINT", 0));

    assertThatThrownBy(() -> b.preview(request(Action.STOP), List.of("web02", "web03"), 2))
        .isInstanceOf(Balancing.CapacityRefused.class)
        .hasMessage(
            "stop web02, web03 would leave 1 of 4 servers in service in edge/web (3 are now); its"
                + " minInService is 50% (2). Take fewer hosts out, or add --no-lb to leave the"
                + " balancer alone (audited).");
  }

  @Test
  void preview_resetOfAll_sizesTheBatches() {
    Balancing b = balancing("2", 5, true);

    Balancing.Preview p =
        b.preview(request(Action.RESET), List.of("web01", "web02", "web03", "web04", "web05"), 5);

    assertThat(p.batch()).isEqualTo(3);
    assertThat(p.lines().get(0))
        .isEqualTo(
            "⚖ Batches of 3 so edge/web keeps at least 2 of 5 servers in service (minInService"
                + " 2).");
    assertThat(p.lines())
        .contains(
            "⚖ web05 after it succeeds: put web05 back into edge/web, then wait until edge reports"
                + " web05 UP (up to 2m)");
  }

  @Test
  void preview_recycleWithNoRoom_isRefused() {
    Balancing b = balancing("3", 3, false);

    assertThatThrownBy(() -> b.preview(request(Action.RECYCLE), List.of("web01"), 1))
        .isInstanceOf(Balancing.CapacityRefused.class)
        .hasMessage(
            "recycle web01 would take edge/web below its minInService of 3 (3): only 3 of 3"
                + " servers are in service now, so not even one may leave.");
  }

  @Test
  void preview_overlappedRecycle_keepsTheHostIn() {
    Balancing b = balancing("3", 3, true);

    Balancing.Preview p = b.preview(request(Action.RECYCLE), List.of("web01"), 1);

    assertThat(p.lines()).containsExactly("⚖ web01: stays in edge (an overlapped recycle)");
  }

  @Test
  void around_connectionsThatOutlastTheDeadline_failTheHostBeforeItsAgent_andPutItBack() {
    Balancing b = balancing("1", 3, true);
    fake.connections = 4;
    List<Progress> seen = new ArrayList<>();

    Optional<String> refused = b.around(request(Action.STOP)).before("web01", seen::add);

    assertThat(refused)
        .contains("not asked: web01 still has 4 connections at edge after 5m (the drain deadline)");
    assertThat(fake.calls).containsExactly("drain web01", "restore web01");
    assertThat(seen).last().isInstanceOf(Progress.StepFinished.class);
  }

  @Test
  void around_drainRefused_failsTheHost_sayingWhy() {
    Balancing b = balancing("1", 3, true);
    fake.drainFails = true;

    Optional<String> refused = b.around(request(Action.STOP)).before("web02", p -> {});

    assertThat(refused)
        .contains(
            "not asked: take web02 out of edge/web (2 of 3 servers stay in) failed: edge refused"
                + " to set web/web02 drain: No such server.");
  }

  @Test
  void around_failedStopAfterTheDrain_saysTheHostStaysOut() {
    Balancing b = balancing("1", 3, true);
    var around = b.around(request(Action.STOP));
    around.before("web01", p -> {});

    OperationResult r =
        around.after(
            "web01",
            OperationResult.notRun("web01", request(Action.STOP), clock.instant(), "W3SVC hung"),
            p -> {});

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.verification().checks())
        .extracting(Verification.Check::name)
        .containsExactly(
            "take web01 out of edge/web (2 of 3 servers stay in)",
            "wait until web01 has no connections at edge (up to 5m)",
            "web01 stays out of edge");
    assertThat(fake.calls).containsExactly("drain web01");
  }

  @Test
  void preview_hostsBehindNoBalancer_addNothing() {
    Balancing b = balancing("1", 2, true);

    assertThat(b.preview(request(Action.STOP), List.of("db01"), 4))
        .isEqualTo(new Balancing.Preview(4, List.of()));
    assertThat(Balancing.none().skippedLines(List.of("web01"))).isEmpty();
  }
}
