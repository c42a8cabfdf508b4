package io.iisbot.bot.core;

import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the store's timers: each tick claims the due ones (one conditional write each, so of
 * several replicas exactly one fires a timer) and runs each on the bot's executor. Time is the
 * injected clock's; the ticks come from the scheduler, or from a test that moved virtual time.
 * Thread-safe.
 */
final class Ticker {

  private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

  /** At most this many timers are claimed per tick; the rest wait for the next. */
  static final int PER_TICK = 50;

  private final BotStore store;
  private final Clock clock;
  private final Executor runner;
  private final String replica;
  private final Map<String, Consumer<Timer>> kinds = new ConcurrentHashMap<>();

  /**
   * @param runner runs what a timer does
   * @param replica this bot's name in the store, as a timer's claimer
   */
  Ticker(BotStore store, Clock clock, Executor runner, String replica) {
    this.store = store;
    this.clock = clock;
    this.runner = runner;
    this.replica = replica;
  }

  /** What firing a timer of {@code kind} does. */
  void on(String kind, Consumer<Timer> fire) {
    if (kinds.putIfAbsent(kind, fire) != null) {
      throw new IllegalArgumentException("two handlers fire timers of kind " + kind);
    }
  }

  /** This replica's name in the store, as a timer's claimer. */
  String replica() {
    return replica;
  }

  /** Claims every due timer this bot knows how to fire and starts firing it. */
  void tick() {
    for (Timer t : store.dueTimers(clock.instant(), PER_TICK)) {
      Consumer<Timer> fire = kinds.get(t.kind());
      if (fire == null) {
        // Left for a replica that knows the kind (a newer version during a rolling upgrade).
        continue;
      }
      if (store.claimTimer(t.id(), replica, clock.instant())) {
        runner.execute(() -> fire(t, fire));
      }
    }
  }

  /**
   * Takes over the timers claimed by replicas that died before finishing them ({@code aliveSince}
   * as in {@link BotStore#staleClaims}). The dead one may have done the work and died before
   * marking it done; a window's end and a scheduled run audit that they started, naming the timer,
   * so such a timer is only marked done here. Others (reminders) are fired again.
   */
  void reclaim(java.time.Instant aliveSince) {
    for (Timer t : store.staleClaims(aliveSince, PER_TICK)) {
      Consumer<Timer> fire = kinds.get(t.kind());
      if (fire == null || !store.reclaimTimer(t.id(), t.claimedBy(), replica, clock.instant())) {
        continue;
      }
      runner.execute(
          () -> {
            if (startedAlready(t)) {
              LOG.info(
                  "timer {} ({}) was fired by {} before it died", t.id(), t.kind(), t.claimedBy());
              store.finishTimer(t.id());
            } else {
              LOG.info(
                  "firing timer {} ({}) that {} claimed and left", t.id(), t.kind(), t.claimedBy());
              fire(t, fire);
            }
          });
    }
  }

  /** Whether the audit says the timer's work started: a notice naming it, since it was due. */
  private boolean startedAlready(Timer t) {
    return store
        .history(
            new io.iisbot.bot.store.HistoryQuery(
                null,
                null,
                null,
                null,
                t.fireAt().minusSeconds(60),
                io.iisbot.bot.store.HistoryQuery.MAX_LIMIT))
        .stream()
        .anyMatch(
            e ->
                e.kind() == io.iisbot.bot.store.AuditEntry.Kind.NOTICE
                    && e.detail() != null
                    && e.detail().contains(" " + t.id() + " "));
  }

  /** Does {@code fire} for a timer this bot has claimed already (End now), then marks it done. */
  void fireClaimed(Timer t, Consumer<Timer> fire) {
    runner.execute(() -> fire(t, fire));
  }

  private void fire(Timer t, Consumer<Timer> fire) {
    try {
      fire.accept(t);
    } catch (RuntimeException e) {
      LOG.error("timer {} ({}) failed", t.id(), t.kind(), e);
    } finally {
      store.finishTimer(t.id());
    }
  }

  /** Ticks every {@code every} on the scheduler until it is shut down. */
  ScheduledFuture<?> start(ScheduledExecutorService scheduler, Duration every) {
    long ms = every.toMillis();
    return scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            tick();
          } catch (RuntimeException e) {
            // A store that is down now may be back at the next tick; a throw would stop them all.
            LOG.warn("checking the store's timers failed; trying again in {} ms", ms, e);
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
  }
}
