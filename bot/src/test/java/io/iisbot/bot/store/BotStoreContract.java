package io.iisbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.adapters.testing.MovableClock;
import io.iisbot.bot.store.AuditEntry.Kind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BotStore} promises, run against each database. A subclass gives a fresh empty
 * database per test; every store it opens in that test uses the same database, as two bot replicas
 * would.
 */
abstract class BotStoreContract {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration TTL = Duration.ofSeconds(30);
  static final int THREADS = 8;

  final MovableClock clock = new MovableClock(T0);
  private final List<BotStore> opened = new ArrayList<>();
  BotStore store;

  /** A new store instance on this test's database. */
  abstract BotStore open(Clock clock);

  /** A plain JDBC connection to this test's database, for what the API does not show. */
  abstract Connection connect() throws SQLException;

  @BeforeEach
  void openStore() {
    store = openAnother();
  }

  @AfterEach
  void closeStores() {
    opened.forEach(BotStore::close);
  }

  BotStore openAnother() {
    BotStore s = open(clock);
    opened.add(s);
    return s;
  }

  // --- audit

  @Test
  void record_thenHistory_returnsEveryField() {
    AuditEntry e =
        new AuditEntry(
            0,
            T0.plusMillis(123),
            Kind.RESULT,
            "slack",
            "slack:U1",
            "web01",
            "stop",
            "Default Web Site",
            "op-1",
            "ok",
            "stopped Default Web Site in 4s; 0 requests dropped");
    store.record(e);

    List<AuditEntry> got = store.history(HistoryQuery.latest(10));

    assertThat(got).hasSize(1);
    assertThat(got.get(0).id()).isPositive();
    assertThat(got.get(0)).isEqualTo(e.withId(got.get(0).id()));
  }

  @Test
  void record_withNullOptionalFields_roundTrips() {
    AuditEntry e =
        new AuditEntry(0, T0, Kind.NOTICE, null, null, null, null, null, null, null, null);
    store.record(e);

    assertThat(store.history(HistoryQuery.latest(1)).get(0).withId(0)).isEqualTo(e);
  }

  @Test
  void record_withAnId_isRejected() {
    AuditEntry e = entry(T0, Kind.REQUEST, "slack:U1", "web01", "stop", null).withId(7);

    assertThatThrownBy(() -> store.record(e))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a new audit entry has id 0, was 7");
  }

  @Test
  void history_isNewestFirst_andSameInstantByInsertOrder() {
    store.record(entry(T0, Kind.REQUEST, "slack:U1", "web01", "stop", null));
    store.record(entry(T0.plusSeconds(2), Kind.RESULT, "slack:U1", "web01", "stop", "ok"));
    store.record(entry(T0.plusSeconds(1), Kind.CONFIRMATION, "slack:U1", "web01", "stop", null));
    store.record(entry(T0.plusSeconds(2), Kind.NOTICE, "slack:U1", "web01", "stop", null));

    assertThat(store.history(HistoryQuery.latest(10)))
        .extracting(AuditEntry::kind)
        .containsExactly(Kind.NOTICE, Kind.RESULT, Kind.CONFIRMATION, Kind.REQUEST);
  }

  @Test
  void history_limit_keepsTheNewest() {
    for (int i = 0; i < 7; i++) {
      store.record(entry(T0.plusSeconds(i), Kind.STEP, "slack:U1", "web01", "stop", "s" + i));
    }

    assertThat(store.history(HistoryQuery.latest(3)))
        .extracting(AuditEntry::outcome)
        .containsExactly("s6", "s5", "s4");
  }

  @Test
  void history_filters_matchExactlyAndCombine() {
    store.record(entry(T0, Kind.RESULT, "slack:U1", "web01", "stop", "ok"));
    store.record(entry(T0.plusSeconds(1), Kind.RESULT, "slack:U2", "web01", "stop", "failed"));
    store.record(entry(T0.plusSeconds(2), Kind.RESULT, "slack:U1", "web02", "recycle", "ok"));
    store.record(entry(T0.plusSeconds(3), Kind.DENIAL, "discord:9", "web02", "stop", "denied"));
    HistoryQuery all = HistoryQuery.latest(50);

    assertThat(outcomesOf(all.withHost("web01"))).containsExactly("failed", "ok");
    assertThat(outcomesOf(all.withUser("slack:U1"))).containsExactly("ok", "ok");
    assertThat(outcomesOf(all.withAction("recycle"))).containsExactly("ok");
    assertThat(outcomesOf(all.withOutcome("denied"))).containsExactly("denied");
    assertThat(outcomesOf(all.withSince(T0.plusSeconds(2)))).containsExactly("denied", "ok");
    assertThat(outcomesOf(all.withHost("web02").withAction("stop"))).containsExactly("denied");
    assertThat(outcomesOf(all.withHost("web03"))).isEmpty();
  }

  @Test
  void historyQuery_limitOutOfRange_isRejectedWithTheValue() {
    assertThatThrownBy(() -> HistoryQuery.latest(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("history limit must be between 1 and 500, was 0");
    assertThatThrownBy(() -> HistoryQuery.latest(501))
        .hasMessage("history limit must be between 1 and 500, was 501");
  }

  // --- prompts

  static Prompt prompt(String id, Instant expires) {
    return new Prompt(
        id,
        "slack",
        "C1",
        null,
        "slack:U1",
        "person:alice",
        "{\"command\":\"stop web01\"}",
        Prompt.State.PENDING,
        null,
        T0,
        expires);
  }

  @Test
  void savePrompt_isReadBackAsSaved_fromAnyReplica() {
    Prompt p = prompt("c-1", T0.plusSeconds(120));

    store.savePrompt(p);

    assertThat(store.prompt("c-1")).contains(p);
    assertThat(openAnother().prompt("c-1")).contains(p);
    assertThat(store.prompt("c-2")).isEmpty();
  }

  @Test
  void advancePrompt_movesOnce_andBindsTheFirstMessage() {
    store.savePrompt(prompt("c-1", T0.plusSeconds(120)));
    java.util.Set<Prompt.State> pending = java.util.Set.of(Prompt.State.PENDING);

    assertThat(store.advancePrompt("c-1", pending, Prompt.State.CONFIRMED, "m1", "slack:U1", T0))
        .isTrue();
    assertThat(store.advancePrompt("c-1", pending, Prompt.State.CONFIRMED, "m1", "slack:U1", T0))
        .isFalse();
    Prompt p = store.prompt("c-1").orElseThrow();
    assertThat(p.state()).isEqualTo(Prompt.State.CONFIRMED);
    assertThat(p.messageRef()).isEqualTo("m1");
    assertThat(p.confirmedBy()).isEqualTo("slack:U1");

    java.util.Set<Prompt.State> confirmed = java.util.Set.of(Prompt.State.CONFIRMED);
    assertThat(
            openAnother()
                .advancePrompt("c-1", confirmed, Prompt.State.STARTED, "m2", "slack:U2", T0))
        .as("bound to m1")
        .isFalse();
    assertThat(store.advancePrompt("c-1", confirmed, Prompt.State.STARTED, "m1", "slack:U2", T0))
        .isTrue();
    assertThat(store.prompt("c-1").orElseThrow().confirmedBy()).isEqualTo("slack:U1");
  }

  @Test
  void advancePrompt_expired_isFalse_andOldOnesArePurged() throws Exception {
    store.savePrompt(prompt("c-old", T0.plusSeconds(60)));
    store.savePrompt(prompt("c-new", T0.plus(Duration.ofDays(2))));

    assertThat(
            store.advancePrompt(
                "c-old",
                java.util.Set.of(Prompt.State.PENDING),
                Prompt.State.STARTED,
                "m1",
                "slack:U1",
                T0.plusSeconds(60)))
        .isFalse();
    store.advancePrompt(
        "c-new",
        java.util.Set.of(Prompt.State.PENDING),
        Prompt.State.CANCELLED,
        "m2",
        "slack:U1",
        T0.plus(Duration.ofDays(1)).plusSeconds(61));

    assertThat(count("SELECT COUNT(*) FROM prompt")).isEqualTo(1);
    assertThat(store.prompt("c-old")).isEmpty();
  }

  @Test
  void advancePrompt_raceOf8ThreadsOnTwoInstances_movesEachPromptOnce() throws Exception {
    BotStore other = openAnother();
    int prompts = 20;
    for (int i = 0; i < prompts; i++) {
      store.savePrompt(prompt("c-" + i, T0.plusSeconds(120)));
    }

    List<Integer> wins =
        race(
            t -> {
              BotStore s = t % 2 == 0 ? store : other;
              int won = 0;
              for (int i = 0; i < prompts; i++) {
                won +=
                    s.advancePrompt(
                            "c-" + i,
                            java.util.Set.of(Prompt.State.PENDING),
                            Prompt.State.STARTED,
                            "m" + i,
                            "slack:U" + t,
                            T0)
                        ? 1
                        : 0;
              }
              return won;
            });

    assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(prompts);
  }

  // --- timers

  private static Timer timer(String id, Instant at) {
    return Timer.pending(id, "window-end", at, "{\"x\":1}", T0);
  }

  @Test
  void saveTimer_isReadBack_andListedPendingByKindSoonestFirst() {
    store.saveTimer(timer("t-2", T0.plusSeconds(60)));
    store.saveTimer(timer("t-1", T0.plusSeconds(30)));
    store.saveTimer(Timer.pending("t-3", "scheduled", T0, "{}", T0));

    assertThat(openAnother().timer("t-2")).contains(timer("t-2", T0.plusSeconds(60)));
    assertThat(store.pendingTimers("window-end"))
        .extracting(Timer::id)
        .containsExactly("t-1", "t-2");
    assertThat(store.dueTimers(T0.plusSeconds(30), 10))
        .extracting(Timer::id)
        .containsExactly("t-3", "t-1");
  }

  @Test
  void claimTimer_notDue_isFalse_thenDue_isTrueOnce() {
    store.saveTimer(timer("t-1", T0.plusSeconds(30)));

    assertThat(store.claimTimer("t-1", "bot-a", T0)).isFalse();
    assertThat(store.claimTimer("t-1", "bot-a", T0.plusSeconds(30))).isTrue();
    assertThat(store.claimTimer("t-1", "bot-b", T0.plusSeconds(31))).isFalse();
    assertThat(store.timer("t-1").orElseThrow().claimedBy()).isEqualTo("bot-a");
    assertThat(store.dueTimers(T0.plusSeconds(60), 10)).isEmpty();
    assertThat(store.pendingTimers("window-end")).isEmpty();

    store.finishTimer("t-1");
    assertThat(store.timer("t-1").orElseThrow().state()).isEqualTo(Timer.State.DONE);
  }

  @Test
  void moveAndCancelTimer_workOnlyWhilePending() {
    store.saveTimer(timer("t-1", T0.plusSeconds(30)));
    store.saveTimer(timer("t-2", T0));

    assertThat(store.moveTimer("t-1", T0.plusSeconds(90))).isTrue();
    assertThat(store.claimTimer("t-1", "bot-a", T0.plusSeconds(60))).isFalse();
    assertThat(store.cancelTimer("t-1")).isTrue();
    assertThat(store.cancelTimer("t-1")).isFalse();
    assertThat(store.claimTimer("t-1", "bot-a", T0.plusSeconds(120))).isFalse();
    assertThat(store.claimTimer("t-2", "bot-a", T0)).isTrue();
    assertThat(store.moveTimer("t-2", T0.plusSeconds(90))).isFalse();
    assertThat(store.cancelTimer("t-2")).isFalse();
  }

  @Test
  void claimTimer_raceOf8ThreadsOnTwoInstances_claimsEachTimerOnce() throws Exception {
    BotStore other = openAnother();
    int timers = 20;
    for (int i = 0; i < timers; i++) {
      store.saveTimer(timer("t-" + i, T0));
    }

    List<Integer> wins =
        race(
            t -> {
              BotStore s = t % 2 == 0 ? store : other;
              int won = 0;
              for (int i = 0; i < timers; i++) {
                won += s.claimTimer("t-" + i, "bot-" + t, T0) ? 1 : 0;
              }
              return won;
            });

    assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(timers);
  }

  // --- leases

  @Test
  void acquireLease_free_isAcquired_thenHeldForOthers() {
    assertThat(store.acquireLease("web01", "slack:U1", "op-1", T0, TTL))
        .isEqualTo(new LeaseResult.Acquired());

    assertThat(openAnother().acquireLease("web01", "slack:U2", "op-2", T0.plusSeconds(1), TTL))
        .isEqualTo(new LeaseResult.Held("slack:U1", "op-1", T0));
    assertThat(store.acquireLease("web02", "slack:U2", "op-2", T0, TTL))
        .isEqualTo(new LeaseResult.Acquired());
  }

  @Test
  void acquireLease_sameOperationAgain_isAcquired() {
    store.acquireLease("web01", "slack:U1", "op-1", T0, TTL);

    assertThat(store.acquireLease("web01", "slack:U1", "op-1", T0.plusSeconds(5), TTL))
        .isEqualTo(new LeaseResult.Acquired());
  }

  @Test
  void acquireLease_afterExpiry_goesToTheNewOperation() {
    store.acquireLease("web01", "slack:U1", "op-1", T0, TTL);

    assertThat(store.acquireLease("web01", "slack:U2", "op-2", T0.plus(TTL).minusMillis(1), TTL))
        .isInstanceOf(LeaseResult.Held.class);
    assertThat(store.acquireLease("web01", "slack:U2", "op-2", T0.plus(TTL), TTL))
        .isEqualTo(new LeaseResult.Acquired());
    assertThat(store.acquireLease("web01", "slack:U1", "op-1", T0.plus(TTL), TTL))
        .isEqualTo(new LeaseResult.Held("slack:U2", "op-2", T0.plus(TTL)));
  }

  @Test
  void renewLease_extendsTheExpiry() {
    store.acquireLease("web01", "slack:U1", "op-1", T0, TTL);
    store.renewLease("web01", "op-1", T0.plusSeconds(20), TTL);

    assertThat(store.acquireLease("web01", "slack:U2", "op-2", T0.plusSeconds(49), TTL))
        .isEqualTo(new LeaseResult.Held("slack:U1", "op-1", T0));
    assertThat(store.acquireLease("web01", "slack:U2", "op-2", T0.plusSeconds(50), TTL))
        .isEqualTo(new LeaseResult.Acquired());
  }

  @Test
  void renewLease_lostToAnotherOperation_throws() {
    store.acquireLease("web01", "slack:U1", "op-1", T0, TTL);
    store.acquireLease("web01", "slack:U2", "op-2", T0.plus(TTL), TTL);

    assertThatThrownBy(() -> store.renewLease("web01", "op-1", T0.plus(TTL), TTL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the lease on web01 is no longer held by operation op-1");
  }

  @Test
  void releaseLease_byAnotherOperation_isIgnored() {
    store.acquireLease("web01", "slack:U1", "op-1", T0, TTL);
    openAnother().releaseLease("web01", "op-2");

    assertThat(store.acquireLease("web01", "slack:U2", "op-2", T0.plusSeconds(1), TTL))
        .isEqualTo(new LeaseResult.Held("slack:U1", "op-1", T0));
  }

  @Test
  void releaseLease_byTheHolder_freesTheHost() {
    store.acquireLease("web01", "slack:U1", "op-1", T0, TTL);
    store.releaseLease("web01", "op-1");

    assertThat(openAnother().acquireLease("web01", "slack:U2", "op-2", T0.plusSeconds(1), TTL))
        .isEqualTo(new LeaseResult.Acquired());
  }

  @Test
  void acquireLease_raceOf8ThreadsOnTwoInstances_hasOneWinner() throws Exception {
    BotStore other = openAnother();

    List<Integer> wins =
        race(
            t -> {
              BotStore s = t % 2 == 0 ? store : other;
              LeaseResult r = s.acquireLease("web01", "user-" + t, "op-" + t, T0, TTL);
              return r instanceof LeaseResult.Acquired ? 1 : 0;
            });

    assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    int winner = wins.indexOf(1);
    assertThat(other.acquireLease("web01", "someone", "op-x", T0.plusSeconds(1), TTL))
        .isEqualTo(new LeaseResult.Held("user-" + winner, "op-" + winner, T0));
  }

  @Test
  void acquireLease_badTtl_isRejectedWithTheValue() {
    assertThatThrownBy(() -> store.acquireLease("web01", "u", "op", T0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lease ttl must be positive, was PT0S");
  }

  // --- in-flight

  @Test
  void inFlight_recordFinishList() {
    InFlight a = inFlight("op-1", "web01", T0);
    InFlight b = inFlight("op-2", "web02", T0.plusSeconds(5));
    store.recordInFlight(b);
    store.recordInFlight(a);

    assertThat(openAnother().inFlight()).containsExactly(a, b);

    store.finishInFlight("op-1");
    store.finishInFlight("op-unknown");

    assertThat(store.inFlight()).containsExactly(b);
  }

  @Test
  void recordInFlight_sameId_replaces() {
    store.recordInFlight(inFlight("op-1", "web01", T0));
    InFlight moved =
        new InFlight(
            "op-1", "web01", "stop", "Default Web Site", "slack:U1", "slack:U2", "slack:C9/77", T0);
    store.recordInFlight(moved);

    assertThat(store.inFlight()).containsExactly(moved);
  }

  @Test
  void markLost_isSeenByEveryReplica_andKeepsItsFirstMark() {
    store.recordInFlight(inFlight("op-1", "web01", T0));
    store.recordInFlight(inFlight("op-2", "web02", T0));

    assertThat(store.markLost("op-1", T0.plusSeconds(3), "draining: 3 requests left")).isTrue();
    assertThat(store.markLost("op-1", T0.plusSeconds(9), "later")).isTrue();
    assertThat(store.markLost("op-unknown", T0, "x")).isFalse();

    List<InFlight> seen = openAnother().inFlight();
    assertThat(seen.get(0).lost()).isTrue();
    assertThat(seen.get(0).lostSince()).isEqualTo(T0.plusSeconds(3));
    assertThat(seen.get(0).lastKnown()).isEqualTo("draining: 3 requests left");
    assertThat(seen.get(1).lost()).isFalse();
    assertThat(seen.get(1).lastKnown()).isNull();
  }

  @Test
  void endLost_raceOf8ThreadsOnTwoInstances_endsItOnce_andOnlyWhileLost() throws Exception {
    store.recordInFlight(inFlight("op-1", "web01", T0));
    store.recordInFlight(inFlight("op-2", "web02", T0));
    store.markLost("op-1", T0, "nothing yet");
    BotStore other = openAnother();

    List<Integer> wins = race(t -> (t % 2 == 0 ? store : other).endLost("op-1") ? 1 : 0);

    assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    assertThat(store.endLost("op-2")).as("its fate is known: not ended").isFalse();
    assertThat(store.inFlight()).extracting(InFlight::operationId).containsExactly("op-2");
  }

  @Test
  void controlRequests_areTakenOnce_forTheOperationsAsked_andStaleOnesGo() throws Exception {
    store.requestControl(new ControlRequest("op-a", "pause", "Alice", T0));
    store.requestControl(new ControlRequest("op-a", "continue", "Bob", T0.plusSeconds(1)));
    store.requestControl(new ControlRequest("op-b", "pause", "Bob", T0.plusSeconds(2)));
    store.requestControl(new ControlRequest("op-old", "abort", "Eve", T0.minusSeconds(120)));
    BotStore other = openAnother();

    List<List<ControlRequest>> taken =
        race(
            t ->
                (t % 2 == 0 ? store : other)
                    .takeControlRequests(List.of("op-a"), T0.minusSeconds(60)));

    List<ControlRequest> all = taken.stream().flatMap(List::stream).toList();
    assertThat(all)
        .containsExactlyInAnyOrder(
            new ControlRequest("op-a", "pause", "Alice", T0),
            new ControlRequest("op-a", "continue", "Bob", T0.plusSeconds(1)));
    assertThat(taken.stream().filter(l -> !l.isEmpty()).findFirst().orElseThrow())
        .extracting(ControlRequest::action)
        .containsExactly("pause", "continue");
    assertThat(count("SELECT COUNT(*) FROM control_request")).isEqualTo(1);
    assertThat(store.takeControlRequests(List.of(), T0)).isEmpty();
    assertThat(store.takeControlRequests(List.of("op-b"), T0))
        .containsExactly(new ControlRequest("op-b", "pause", "Bob", T0.plusSeconds(2)));
  }

  // --- replicas

  @Test
  void orphans_areThoseWhoseOwnerIsUnknownOrStale() {
    store.recordInFlight(inFlight("op-1", "web01", T0));
    store.recordInFlight(owned("op-2", T0.plusSeconds(1), "bot-a"));
    store.recordInFlight(owned("op-3", T0.plusSeconds(2), "bot-b"));
    store.beat("bot-a", T0.plusSeconds(20));
    store.beat("bot-b", T0.plusSeconds(5));

    List<String> orphans =
        openAnother().orphans(T0.plusSeconds(10)).stream().map(InFlight::operationId).toList();

    assertThat(orphans).containsExactly("op-1", "op-3");
    store.leave("bot-a");
    assertThat(store.orphans(T0.plusSeconds(10))).hasSize(3);
  }

  @Test
  void adoptInFlight_raceOf8ThreadsOnTwoInstances_hasOneNewOwner() throws Exception {
    store.recordInFlight(owned("op-1", T0, "bot-dead"));
    BotStore other = openAnother();

    List<Integer> wins =
        race(
            t ->
                (t % 2 == 0 ? store : other).adoptInFlight("op-1", "bot-dead", "bot-" + t) ? 1 : 0);

    assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    assertThat(store.inFlight().get(0).owner()).isEqualTo("bot-" + wins.indexOf(1));
    assertThat(store.adoptInFlight("op-1", "bot-dead", "bot-late")).isFalse();
  }

  @Test
  void adoptInFlight_unknownOwner_isTakenOnce() {
    store.recordInFlight(inFlight("op-1", "web01", T0));

    assertThat(store.adoptInFlight("op-1", null, "bot-a")).isTrue();
    assertThat(store.adoptInFlight("op-1", null, "bot-b")).isFalse();
  }

  @Test
  void putShared_raceOf8ThreadsOnTwoInstances_hasOneFirst() throws Exception {
    BotStore other = openAnother();

    List<Integer> wins =
        race(
            t ->
                (t % 2 == 0 ? store : other)
                        .putShared("seen", "k1", "v" + t, T0.plusSeconds(60), T0)
                    ? 1
                    : 0);

    assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    assertThat(other.shared("seen", "k1", T0)).contains("v" + wins.indexOf(1));
  }

  @Test
  void putShared_afterExpiry_isFirstAgain_andExpiredIsAbsent() {
    assertThat(store.putShared("seen", "k1", "a", T0.plusSeconds(10), T0)).isTrue();
    assertThat(store.putShared("seen", "k1", "b", T0.plusSeconds(20), T0.plusSeconds(5))).isFalse();
    assertThat(store.shared("seen", "k1", T0.plusSeconds(10))).isEmpty();
    assertThat(store.putShared("other", "k1", "c", T0.plusSeconds(20), T0)).isTrue();

    assertThat(store.putShared("seen", "k1", "d", T0.plusSeconds(30), T0.plusSeconds(10))).isTrue();
    assertThat(store.shared("seen", "k1", T0.plusSeconds(11))).contains("d");
    assertThat(store.shared("other", "k1", T0.plusSeconds(11))).contains("c");
  }

  @Test
  void takeShared_raceOf8ThreadsOnTwoInstances_givesTheValueOnce() throws Exception {
    store.putShared("link", "h1", "alice", T0.plusSeconds(60), T0);
    BotStore other = openAnother();

    List<Integer> got =
        race(t -> (t % 2 == 0 ? store : other).takeShared("link", "h1", T0).isPresent() ? 1 : 0);

    assertThat(got.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    assertThat(store.shared("link", "h1", T0)).isEmpty();
  }

  @Test
  void takeShared_expired_givesNothing_removeAndPurge() throws Exception {
    store.putShared("link", "h1", "alice", T0.plusSeconds(10), T0);
    store.putShared("link", "h2", "bob", T0.plusSeconds(10), T0);
    store.putShared("link", "h3", "carol", T0.plusSeconds(100), T0);

    assertThat(store.takeShared("link", "h1", T0.plusSeconds(10))).isEmpty();
    store.removeShared("link", "h3");
    store.removeShared("link", "unknown");
    assertThat(store.shared("link", "h3", T0)).isEmpty();
    assertThat(store.purgeShared(T0.plusSeconds(10))).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM shared_state")).isZero();
  }

  @Test
  void putShared_blankKey_isRejectedWithTheValue() {
    assertThatThrownBy(() -> store.putShared("seen", " ", "v", T0.plusSeconds(1), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a shared state key is 1 to 200 characters, was  ");
  }

  @Test
  void staleClaims_areThoseOfDeadClaimers_andOneReplicaTakesEachOver() throws Exception {
    store.saveTimer(timer("t-dead", T0));
    store.saveTimer(timer("t-alive", T0));
    store.saveTimer(timer("t-new", T0));
    store.claimTimer("t-dead", "bot-dead", T0);
    store.claimTimer("t-alive", "bot-alive", T0);
    store.claimTimer("t-new", "bot-new", T0.plusSeconds(30));
    store.beat("bot-dead", T0);
    store.beat("bot-alive", T0.plusSeconds(25));
    BotStore other = openAnother();

    List<Timer> stale = other.staleClaims(T0.plusSeconds(20), 10);
    List<Integer> wins =
        race(
            t ->
                (t % 2 == 0 ? store : other)
                        .reclaimTimer("t-dead", "bot-dead", "bot-" + t, T0.plusSeconds(30))
                    ? 1
                    : 0);

    assertThat(stale).extracting(Timer::id).containsExactly("t-dead");
    assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    assertThat(store.timer("t-dead").orElseThrow().claimedBy()).isEqualTo("bot-" + wins.indexOf(1));
    store.finishTimer("t-dead");
    assertThat(store.reclaimTimer("t-dead", "bot-" + wins.indexOf(1), "bot-x", T0)).isFalse();
  }

  static InFlight owned(String id, Instant at, String owner) {
    return new InFlight(
        id,
        "web01",
        "stop",
        "site:Default Web Site",
        "slack:U1",
        "slack:U2",
        "slack|C1|1",
        at,
        owner);
  }

  // --- schema

  @Test
  void reopening_appliesNoMigrationTwice_andKeepsData() throws Exception {
    store.record(entry(T0, Kind.REQUEST, "slack:U1", "web01", "stop", null));
    store.close();

    BotStore again = openAnother();

    assertThat(count("SELECT COUNT(*) FROM schema_version")).isEqualTo(Migrations.latestVersion());
    assertThat(count("SELECT MAX(version) FROM schema_version"))
        .isEqualTo(Migrations.latestVersion());
    assertThat(again.history(HistoryQuery.latest(5))).hasSize(1);
  }

  @Test
  void open_onANewerSchema_isRefusedWithTheVersions() throws Exception {
    store.close();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO schema_version (version, name, applied_ms) VALUES (99, 'V99__future.sql', 0)");
    }

    assertThatThrownBy(this::openAnother)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema is at version 99")
        .hasMessageContaining("up to " + Migrations.latestVersion());
  }

  @Test
  void closedStore_refusesCalls() {
    store.close();

    assertThatThrownBy(() -> store.inFlight())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the store is closed");
  }

  // --- helpers

  static AuditEntry entry(
      Instant at, Kind kind, String user, String host, String action, String outcome) {
    return new AuditEntry(
        0, at, kind, "slack", user, host, action, "Default Web Site", "op-1", outcome, null);
  }

  static InFlight inFlight(String id, String host, Instant at) {
    return new InFlight(
        id, host, "stop", "Default Web Site", "slack:U1", "slack:U1", "slack:C1/" + id, at);
  }

  private List<String> outcomesOf(HistoryQuery q) {
    return store.history(q).stream().map(AuditEntry::outcome).toList();
  }

  long count(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Runs {@code body} on {@value #THREADS} threads released together; results by thread index. */
  static <T> List<T> race(IntFunction<T> body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int index = t;
        Callable<T> task =
            () -> {
              start.await();
              return body.apply(index);
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
