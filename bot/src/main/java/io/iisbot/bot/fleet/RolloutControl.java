package io.iisbot.bot.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the people watching a rolling run can do to it while it runs, and each host's row: Pause (no
 * new batch starts), Continue, Abort (the hosts running are aborted and no other starts), and after
 * a failed host, Continue anyway or Abort. The run asks it before each batch; the buttons tell it.
 * Waits are measured on the injected clock. Thread-safe.
 */
public final class RolloutControl {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutControl.class);

  /** How long a real-time slice of a wait lasts at most, so clock changes are seen. */
  private static final long SLICE_MILLIS = 50;

  /** Where one host of the run is. */
  public enum Row {
    WAITING,
    RUNNING,
    DONE,
    FAILED,
    SKIPPED
  }

  /** What the run is doing between batches, for the message. */
  public enum Phase {
    RUNNING,
    PAUSED,
    WAITING_BETWEEN_BATCHES,
    HELD_AFTER_FAILURE,
    ABORTING,
    ENDED
  }

  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final List<Consumer<String>> abortHooks = new ArrayList<>();
  private Runnable onChange = () -> {};
  private Phase phase = Phase.RUNNING;
  private boolean paused;
  private String pausedBy;
  private String abortedBy;
  private boolean goOnAfterFailure;
  private Instant nextBatchAt;

  public RolloutControl(Clock clock, List<String> hosts) {
    this.clock = Objects.requireNonNull(clock, "clock");
    hosts.forEach(h -> rows.put(h, Row.WAITING));
  }

  /** Told (outside the lock) whenever a row or the phase changes, to redraw the message. */
  public void onChange(Runnable r) {
    this.onChange = Objects.requireNonNull(r, "r");
  }

  // ---- the buttons ---------------------------------------------------------------------------

  /** Stops before the next batch. @return false when it had ended, was aborted or was paused */
  public boolean pause(String by) {
    return change(
        () -> {
          if (abortedBy != null || phase == Phase.ENDED || paused) {
            return false;
          }
          paused = true;
          pausedBy = by;
          return true;
        });
  }

  /**
   * Goes on: after a Pause, or after a failed host (Continue anyway). @return false when there was
   * nothing to go on from
   */
  public boolean proceed() {
    return change(
        () -> {
          if (abortedBy != null || phase == Phase.ENDED) {
            return false;
          }
          if (phase == Phase.HELD_AFTER_FAILURE) {
            goOnAfterFailure = true;
            return true;
          }
          if (!paused) {
            return false;
          }
          paused = false;
          pausedBy = null;
          return true;
        });
  }

  /**
   * Aborts the hosts running now and starts no other. Idempotent: the first to ask is the one
   * named. @return whether this call aborted it
   */
  public boolean abort(String by) {
    List<Consumer<String>> hooks;
    lock.lock();
    try {
      if (abortedBy != null || phase == Phase.ENDED) {
        return false;
      }
      abortedBy = by;
      phase = Phase.ABORTING;
      hooks = List.copyOf(abortHooks);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    hooks.forEach(h -> callHook(h, by));
    onChange.run();
    return true;
  }

  // ---- what the run asks ---------------------------------------------------------------------

  /**
   * Runs {@code hook} with who aborted: now if the run is aborted already, else when it is. The run
   * registers one per host it starts, so a host started just as Abort came is aborted too.
   */
  void whenAborted(Consumer<String> hook) {
    String by;
    lock.lock();
    try {
      if (abortedBy == null) {
        abortHooks.add(hook);
        return;
      }
      by = abortedBy;
    } finally {
      lock.unlock();
    }
    callHook(hook, by);
  }

  void row(String host, Row row) {
    lock.lock();
    try {
      rows.put(host, row);
    } finally {
      lock.unlock();
    }
    onChange.run();
  }

  /**
   * Before a batch other than the first: waits {@code pauseBetween}, then for as long as the run is
   * paused. @return false when the run was aborted meanwhile
   */
  boolean beforeNextBatch(Duration pauseBetween) throws InterruptedException {
    if (pauseBetween != null && !pauseBetween.isZero()) {
      Instant until = clock.instant().plus(pauseBetween);
      setPhase(Phase.WAITING_BETWEEN_BATCHES, until);
      lock.lock();
      try {
        while (abortedBy == null && clock.instant().isBefore(until)) {
          changed.await(SLICE_MILLIS, TimeUnit.MILLISECONDS);
        }
      } finally {
        lock.unlock();
      }
    }
    boolean wasPaused = false;
    lock.lock();
    try {
      while (abortedBy == null && paused) {
        if (!wasPaused) {
          wasPaused = true;
          phase = Phase.PAUSED;
          lock.unlock();
          try {
            onChange.run();
          } finally {
            lock.lock();
          }
          continue;
        }
        changed.await(SLICE_MILLIS, TimeUnit.MILLISECONDS);
      }
      if (abortedBy != null) {
        return false;
      }
    } finally {
      lock.unlock();
    }
    setPhase(Phase.RUNNING, null);
    return true;
  }

  /**
   * After a failed host with hosts still to go: holds until Continue anyway, Abort, or {@code
   * holdFor} passes. @return whether to go on
   */
  boolean afterFailure(Duration holdFor) throws InterruptedException {
    Instant until = clock.instant().plus(holdFor);
    setPhase(Phase.HELD_AFTER_FAILURE, null);
    lock.lock();
    try {
      while (abortedBy == null && !goOnAfterFailure && clock.instant().isBefore(until)) {
        changed.await(SLICE_MILLIS, TimeUnit.MILLISECONDS);
      }
      boolean go = goOnAfterFailure && abortedBy == null;
      goOnAfterFailure = false;
      if (!go) {
        return false;
      }
    } finally {
      lock.unlock();
    }
    setPhase(Phase.RUNNING, null);
    return true;
  }

  void ended() {
    setPhase(Phase.ENDED, null);
  }

  // ---- what the message shows ----------------------------------------------------------------

  public Map<String, Row> rows() {
    lock.lock();
    try {
      return Map.copyOf(rows);
    } finally {
      lock.unlock();
    }
  }

  public Phase phase() {
    lock.lock();
    try {
      return paused && phase == Phase.RUNNING ? Phase.PAUSED : phase;
    } finally {
      lock.unlock();
    }
  }

  /** Who paused it, while it is paused; else null. */
  public String pausedBy() {
    lock.lock();
    try {
      return pausedBy;
    } finally {
      lock.unlock();
    }
  }

  /** Who aborted it, or null. */
  public String abortedBy() {
    lock.lock();
    try {
      return abortedBy;
    } finally {
      lock.unlock();
    }
  }

  /** When the next batch starts, while waiting between batches; else null. */
  public Instant nextBatchAt() {
    lock.lock();
    try {
      return nextBatchAt;
    } finally {
      lock.unlock();
    }
  }

  private void setPhase(Phase p, Instant next) {
    lock.lock();
    try {
      if (phase == Phase.ABORTING && p != Phase.ENDED) {
        return;
      }
      phase = p;
      nextBatchAt = next;
    } finally {
      lock.unlock();
    }
    onChange.run();
  }

  private boolean change(java.util.function.BooleanSupplier c) {
    boolean done;
    lock.lock();
    try {
      done = c.getAsBoolean();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (done) {
      onChange.run();
    }
    return done;
  }

  private static void callHook(Consumer<String> hook, String by) {
    try {
      hook.accept(by);
    } catch (RuntimeException e) {
      // The other hosts must still be aborted; this one's result will say what happened.
      LOG.warn("aborting a host of a rolling run failed", e);
    }
  }
}
