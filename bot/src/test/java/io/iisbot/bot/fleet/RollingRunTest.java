package io.iisbot.bot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.Outcome;
import io.iisbot.iis.engine.Scope;
import io.iisbot.iis.sim.Scenarios;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

final class RollingRunTest {

  private final LoopbackAgents fleet =
      new LoopbackAgents()
          .add("web01", Scenarios.named("healthy"))
          .add("web02", Scenarios.parse("pools: [{name: Api, state: Stopped}]", "broken"))
          .add("web03", Scenarios.named("healthy"));
  private final Map<String, String> leases = new ConcurrentHashMap<>();
  private final Leases inMemory =
      new Leases() {
        @Override
        public Optional<String> acquire(String host, String holder, String operationId) {
          String prev = leases.putIfAbsent(host, holder + " (" + operationId + ")");
          return Optional.ofNullable(prev);
        }

        @Override
        public void release(String host, String operationId) {
          leases.computeIfPresent(host, (h, v) -> v.endsWith("(" + operationId + ")") ? null : v);
        }
      };

  @AfterEach
  void stop() {
    fleet.close();
  }

  private static Map<String, String> ids(String... hosts) {
    Map<String, String> m = new java.util.HashMap<>();
    for (String h : hosts) {
      m.put(h, "op-test-" + h);
    }
    return m;
  }

  @Test
  void rollingRecycle_stopsAtTheFailingHost_andLeavesTheRestAlone() {
    RollingRun run = new RollingRun(fleet::client, inMemory, "slack:U1");
    List<String> progressHosts = new java.util.concurrent.CopyOnWriteArrayList<>();

    FleetResult r =
        run.run(
            OperationRequest.of(Action.RECYCLE, new Scope.Pool("Api")),
            List.of("web01", "web02", "web03"),
            1,
            ids("web01", "web02", "web03"),
            java.util.Map.of(),
            "slack:U1",
            (host, p) -> progressHosts.add(host));

    assertThat(r.hosts()).extracting(HostOutcome::host).containsExactly("web01", "web02");
    assertThat(r.hosts().get(0).result().outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.hosts().get(1).result().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.notRun()).containsExactly("web03");
    assertThat(r.succeeded()).isFalse();
    assertThat(progressHosts).contains("web01", "web02").doesNotContain("web03");
    assertThat(leases).isEmpty();
  }

  @Test
  void batchesOfTwo_runTogether_andAllSucceed() {
    RollingRun run = new RollingRun(fleet::client, inMemory, "slack:U1");

    FleetResult r =
        run.run(
            OperationRequest.of(Action.SUSPEND, Scope.host()),
            List.of("web01", "web03"),
            2,
            ids("web01", "web03"),
            java.util.Map.of(),
            "slack:U1",
            (h, p) -> {});

    assertThat(r.succeeded()).isTrue();
    assertThat(r.hosts()).allMatch(o -> o.result().outcome() == Outcome.SUCCEEDED);
  }

  @Test
  void heldLease_refusesThatHost_namingTheHolder() {
    leases.put("web01", "discord:99 (op-other-1)");
    RollingRun run = new RollingRun(fleet::client, inMemory, "slack:U1");

    FleetResult r =
        run.run(
            OperationRequest.of(Action.SUSPEND, Scope.host()),
            List.of("web01"),
            1,
            ids("web01"),
            java.util.Map.of(),
            "slack:U1",
            (h, p) -> {});

    assertThat(r.hosts().get(0).problem()).isEqualTo("web01 is busy: discord:99 (op-other-1)");
    assertThat(fleet.hosts.get("web01").sites())
        .allMatch(s -> s.state() == io.iisbot.iis.ObjectState.STARTED);
  }

  @Test
  void eachHost_namesItsOperationOnTheLinesLoggedForIt_andDurationsReadAsInChat() {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.setContext(root.getLoggerContext());
    log.start();
    root.addAppender(log);
    Map<String, String> seenByProgress = new ConcurrentHashMap<>();
    RollingRun run = new RollingRun(fleet::client, inMemory, "slack:U1");
    try {
      run.run(
          OperationRequest.of(Action.RECYCLE, new Scope.Pool("Api")),
          List.of("web01", "web03"),
          2,
          ids("web01", "web03"),
          Map.of(),
          "slack:U1",
          (host, p) -> seenByProgress.put(host, MDC.get("operation")));
    } finally {
      root.detachAppender(log);
    }

    List<ILoggingEvent> ended;
    synchronized (log) {
      ended =
          log.list.stream()
              .filter(e -> e.getLoggerName().equals(RollingRun.class.getName()))
              .filter(e -> e.getFormattedMessage().startsWith("ended "))
              .toList();
    }
    assertThat(ended)
        .extracting(e -> e.getMDCPropertyMap().get("operation"))
        .containsExactlyInAnyOrder("op-test-web01", "op-test-web03");
    assertThat(ended)
        .extracting(ILoggingEvent::getFormattedMessage)
        .allMatch(m -> m.matches("ended SUCCEEDED in [0-9.]+m?s"), "a duration as chat shows it");
    assertThat(seenByProgress)
        .containsEntry("web01", "op-test-web01")
        .containsEntry("web03", "op-test-web03");
    assertThat(MDC.get("operation")).as("the caller's thread is left as it was").isNull();
  }
}
