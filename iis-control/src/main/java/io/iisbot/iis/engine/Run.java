package io.iisbot.iis.engine;

import io.iisbot.iis.IisException;
import io.iisbot.iis.IisHost;
import io.iisbot.iis.Sleeper;
import io.iisbot.iis.WorkerProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operation while it runs: the host, time, progress, and what it has changed and found so far.
 * Confined to the engine's thread.
 */
final class Run {

  private static final Logger LOG = LoggerFactory.getLogger(Run.class);

  final IisHost host;
  final Clock clock;
  final EngineSettings settings;
  final OperationRequest request;
  final Instant startedAt;
  private final Sleeper sleeper;
  private final ProgressListener listener;

  final List<Finding> findings = new ArrayList<>();
  final List<CutRequest> cuts = new ArrayList<>();
  final Set<String> stoppedSites = new LinkedHashSet<>();
  final Set<String> stoppedPools = new LinkedHashSet<>();
  final Set<String> stoppedServices = new LinkedHashSet<>();
  final Set<String> startedSites = new LinkedHashSet<>();
  final Set<String> startedPools = new LinkedHashSet<>();
  final Set<String> poolsAutoStartCleared = new LinkedHashSet<>();
  final Set<String> sitesAutoStartCleared = new LinkedHashSet<>();
  final List<WorkerProcess> leftovers = new ArrayList<>();

  /** What the warm-up step found, one check per site; they join the verification. */
  final List<Verification.Check> warmups = new ArrayList<>();

  List<Integer> workerPidsBefore = List.of();
  private boolean listenerFailed;

  /**
   * Set while a step is past its point of no return (e.g. a service stop was sent): an abort then
   * waits for the step to finish instead of leaving the host halfway. Says what was sent.
   */
  String noReturn;

  /** Set while undoing an aborted run: its own waits must not be cut short by the abort. */
  boolean undoing;

  private final CancellationToken cancel;

  Run(
      IisHost host,
      Clock clock,
      Sleeper sleeper,
      EngineSettings settings,
      ProgressListener listener,
      OperationRequest request,
      CancellationToken cancel) {
    this.cancel = cancel;
    this.host = host;
    this.clock = clock;
    this.sleeper = sleeper;
    this.settings = settings;
    this.listener = listener;
    this.request = request;
    this.startedAt = clock.instant();
  }

  Instant now() {
    return clock.instant();
  }

  void emit(Progress p) {
    try {
      listener.on(p);
    } catch (RuntimeException e) {
      // A broken listener must not break a half-done operation on a production host.
      if (!listenerFailed) {
        listenerFailed = true;
        LOG.warn("progress listener failed; the operation goes on without it", e);
      }
    }
  }

  void note(String text) {
    emit(new Progress.Note(now(), text));
  }

  /** Whether an abort should cut the current wait short: asked, and nothing forbids it. */
  boolean abortNow() {
    return cancel.isCancelled() && noReturn == null && !undoing;
  }

  void sleep(Duration d) throws InterruptedException {
    if (!d.isNegative() && !d.isZero()) {
      sleeper.sleep(d);
    }
  }

  /** Calls the host, retrying transient failures with a doubling backoff. */
  void call(String what, Runnable action) throws InterruptedException {
    read(
        what,
        () -> {
          action.run();
          return null;
        });
  }

  /** Reads from the host, retrying transient failures with a doubling backoff. */
  <T> T read(String what, Supplier<T> reader) throws InterruptedException {
    Duration backoff = settings.retryBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        return reader.get();
      } catch (IisException e) {
        if (!e.isTransient() || attempt >= settings.retryAttempts()) {
          throw e;
        }
        note(
            what
                + ": "
                + IisException.formatCode(e.code())
                + ", retrying in "
                + io.iisbot.iis.Durations.format(backoff));
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
    }
  }

  /**
   * Polls {@code done} until it holds or the deadline passes, sleeping at most one poll interval
   * between reads, and waking early at any of {@code wakeAt} (e.g. just before WAS kills a worker,
   * so the last reading is taken in time).
   *
   * @return whether {@code done} held before the deadline
   * @throws Step.Aborted when the operation is aborted while it waits (the safe point inside a
   *     wait), unless the step is past its point of no return
   */
  boolean await(Instant deadline, Condition done, Supplier<List<Instant>> wakeAt)
      throws InterruptedException {
    while (true) {
      if (abortNow()) {
        throw new Step.Aborted(cancel.reason());
      }
      if (done.holds()) {
        return true;
      }
      Instant now = now();
      if (!now.isBefore(deadline)) {
        return false;
      }
      Instant next = min(now.plus(settings.pollInterval()), deadline);
      for (Instant w : wakeAt.get()) {
        if (w.isAfter(now)) {
          next = min(next, w);
        }
      }
      sleep(Duration.between(now, next));
    }
  }

  boolean await(Instant deadline, Condition done) throws InterruptedException {
    return await(deadline, done, List::of);
  }

  /** A condition read from the host; a transient read failure counts as "not yet". */
  @FunctionalInterface
  interface Condition {
    boolean holds() throws InterruptedException;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
