package io.iisbot.iis.engine;

import io.iisbot.iis.EventRecord;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.IisException;
import io.iisbot.iis.IisHost;
import io.iisbot.iis.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the actions of DESIGN §2.3 on one host as plans of named steps: it previews a plan without
 * changing anything, runs it with progress events, verifies the result and summarizes the Event Log
 * of the operation's window. An abort ({@link CancellationToken}) stops the run at the next safe
 * point (a step boundary, or inside a wait unless the step is past its point of no return) and
 * undoes what the run had changed, where that can be done.
 *
 * <p>Thread-safe as far as the engine goes; running two state-changing operations on one host at
 * once is the caller's to prevent (the agent allows one at a time).
 */
public final class OperationEngine {

  private static final Logger LOG = LoggerFactory.getLogger(OperationEngine.class);

  private final IisHost host;
  private final Clock clock;
  private final Sleeper sleeper;
  private final EngineSettings settings;
  private final SuspensionLedger ledger;
  private final Warmup warmup;

  /** An engine without warm-up (plans end with their own verification). */
  public OperationEngine(
      IisHost host,
      Clock clock,
      Sleeper sleeper,
      EngineSettings settings,
      SuspensionLedger ledger) {
    this(host, clock, sleeper, settings, ledger, Warmup.off());
  }

  /**
   * @param warmup how sites are warmed up after a start, resume, recycle or reset ({@link
   *     Warmup#off()} for none)
   */
  public OperationEngine(
      IisHost host,
      Clock clock,
      Sleeper sleeper,
      EngineSettings settings,
      SuspensionLedger ledger,
      Warmup warmup) {
    this.warmup = Objects.requireNonNull(warmup, "warmup");
    this.host = Objects.requireNonNull(host, "host");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  /** Default settings and an in-memory ledger. */
  public OperationEngine(IisHost host, Clock clock, Sleeper sleeper) {
    this(host, clock, sleeper, EngineSettings.defaults(), SuspensionLedger.inMemory());
  }

  public IisHost host() {
    return host;
  }

  public HostSnapshot snapshot() {
    return host.snapshot(clock.instant());
  }

  /**
   * What the request would do now, without doing it.
   *
   * @throws IllegalArgumentException when the scope names a site or pool the host lacks
   * @throws IisException when the host cannot be read
   */
  public Plan plan(OperationRequest request) {
    return Planner.build(request, snapshot(), ledger, settings, warmup).plan();
  }

  public OperationResult run(OperationRequest request) {
    return run(request, ProgressListener.none(), new CancellationToken());
  }

  /**
   * Runs the request to its end. Never throws for what happens on the host: failures, denials and
   * timeouts end up in the result.
   *
   * @throws IllegalArgumentException when the scope names a site or pool the host lacks
   */
  public OperationResult run(
      OperationRequest request, ProgressListener listener, CancellationToken cancel) {
    return run(request, listener, cancel, PlanGate.open());
  }

  /**
   * Runs the request to its end if {@code gate} lets the plan it is about to run go ahead: the plan
   * is worked out from the host as it is now and handed to the gate before any step, so what the
   * gate approves is exactly what runs. A refusal ends the operation as not run ({@link
   * Outcome#FAILED} without steps), its reason the one finding. Never throws for what happens on
   * the host.
   *
   * @throws IllegalArgumentException when the scope names a site or pool the host lacks
   */
  public OperationResult run(
      OperationRequest request,
      ProgressListener listener,
      CancellationToken cancel,
      PlanGate gate) {
    Objects.requireNonNull(gate, "gate");
    Run run = new Run(host, clock, sleeper, settings, listener, request, cancel);
    Planner.Blueprint bp;
    try {
      bp = Planner.build(request, snapshot(), ledger, settings, warmup);
    } catch (IisException e) {
      return OperationResult.notRun(
          host.name(),
          request,
          clock.instant(),
          "could not read the host before starting: " + e.getMessage());
    }
    java.util.Optional<String> refusal = gate.refusal(bp.plan());
    if (refusal.isPresent()) {
      return OperationResult.notRun(host.name(), request, clock.instant(), refusal.get());
    }
    List<StepReport> reports = new ArrayList<>();
    Outcome outcome = Outcome.SUCCEEDED;
    List<Step> steps = bp.steps();
    if (steps.isEmpty()) {
      run.findings.add(Finding.info("nothing to do: " + nothingToDo(request)));
    }
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      if (cancel.isCancelled()) {
        outcome = Outcome.CANCELLED;
        run.findings.add(
            Finding.warning("cancelled before \"" + step.name() + "\": " + cancel.reason()));
        break;
      }
      Instant t0 = clock.instant();
      run.noReturn = null;
      run.emit(new Progress.StepStarted(t0, i + 1, steps.size(), step.name()));
      try {
        String detail = step.body().run(run);
        Instant t1 = clock.instant();
        reports.add(new StepReport(step.name(), StepReport.Status.SUCCEEDED, t0, t1, detail));
        run.emit(new Progress.StepFinished(t1, step.name(), Duration.between(t0, t1), detail));
        if (run.noReturn != null && cancel.isCancelled()) {
          run.findings.add(
              Finding.warning(
                  "\""
                      + step.name()
                      + "\" was finished, not abandoned halfway: "
                      + run.noReturn
                      + " when the abort came"));
        }
      } catch (Step.Aborted aborted) {
        Instant t1 = clock.instant();
        String why = "stopped while waiting (" + aborted.getMessage() + ")";
        reports.add(new StepReport(step.name(), StepReport.Status.ABORTED, t0, t1, why));
        run.findings.add(Finding.warning("aborted during \"" + step.name() + "\": " + why));
        run.emit(new Progress.StepFailed(t1, step.name(), Duration.between(t0, t1), why));
        outcome = Outcome.CANCELLED;
        break;
      } catch (Step.Skip skip) {
        reports.add(
            new StepReport(
                step.name(), StepReport.Status.SKIPPED, t0, clock.instant(), skip.getMessage()));
        run.emit(new Progress.StepSkipped(clock.instant(), step.name(), skip.getMessage()));
      } catch (Step.Failure | IisException e) {
        fail(run, reports, step, t0, e.getMessage());
        outcome = Outcome.FAILED;
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(run, reports, step, t0, "interrupted");
        outcome = Outcome.CANCELLED;
        break;
      } catch (RuntimeException e) {
        String ref = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("step {} failed unexpectedly, ref {}", step.name(), ref, e);
        fail(run, reports, step, t0, "internal error (reference " + ref + " in the agent log)");
        outcome = Outcome.FAILED;
        break;
      }
    }
    run.noReturn = null;
    if (outcome == Outcome.SUCCEEDED && cancel.isCancelled() && !steps.isEmpty()) {
      // The abort came during the last step, which could not be cut short: still the operator's
      // word that this change is not wanted, so it is undone like any other.
      outcome = Outcome.CANCELLED;
    }
    if (outcome == Outcome.CANCELLED
        && cancel.isCancelled()
        && !Thread.currentThread().isInterrupted()) {
      Undo.undo(run);
    }
    if (outcome == Outcome.FAILED || outcome == Outcome.CANCELLED) {
      leftBehind(run).ifPresent(run.findings::add);
    }
    Instant finished = clock.instant();
    List<EventRecord> events = readEvents(run, finished);
    // An aborted plan was not meant to reach its end state: the undo findings say where it is.
    Verification verification =
        outcome == Outcome.CANCELLED ? new Verification(List.of()) : verify(run, bp.plan(), events);
    if (outcome == Outcome.SUCCEEDED && !verification.passed()) {
      outcome = Outcome.PARTIALLY_SUCCEEDED;
    }
    record(run, outcome);
    return new OperationResult(
        host.name(),
        request,
        outcome,
        reports,
        verification,
        EventSummaries.summarize(events, run.startedAt, finished),
        run.findings,
        run.cuts,
        run.startedAt,
        finished);
  }

  /** The IIS events of a window, counted and explained. */
  public EventSummary summarize(Instant since, Instant until) {
    return EventSummaries.summarize(host.events(since, until), since, until);
  }

  private void fail(Run run, List<StepReport> reports, Step step, Instant t0, String message) {
    Instant t1 = clock.instant();
    reports.add(new StepReport(step.name(), StepReport.Status.FAILED, t0, t1, message));
    run.findings.add(Finding.error(step.name() + ": " + message));
    run.emit(new Progress.StepFailed(t1, step.name(), Duration.between(t0, t1), message));
  }

  private List<EventRecord> readEvents(Run run, Instant finished) {
    try {
      return host.events(run.startedAt, finished.plusMillis(1));
    } catch (IisException e) {
      run.findings.add(Finding.warning("could not read the Event Log: " + e.getMessage()));
      return List.of();
    }
  }

  private Verification verify(Run run, Plan plan, List<EventRecord> events) {
    try {
      Verification v = Verifier.verify(run, plan, snapshot(), events);
      if (run.warmups.isEmpty()) {
        return v;
      }
      List<Verification.Check> checks = new ArrayList<>(v.checks());
      checks.addAll(run.warmups);
      return new Verification(checks);
    } catch (IisException e) {
      return new Verification(
          List.of(new Verification.Check("host state could be read", false, e.getMessage())));
    }
  }

  /** Remembers what a stop or suspend changed; forgets it once a start or resume undid it. */
  private void record(Run run, Outcome outcome) {
    OperationRequest req = run.request;
    String key = req.scope().key();
    switch (req.action()) {
      case STOP, SUSPEND -> {
        SuspensionLedger.Entry fresh =
            new SuspensionLedger.Entry(
                req.action(),
                List.copyOf(run.stoppedSites),
                List.copyOf(run.stoppedPools),
                List.copyOf(run.stoppedServices),
                List.copyOf(run.poolsAutoStartCleared),
                List.copyOf(run.sitesAutoStartCleared),
                run.workerPidsBefore,
                run.startedAt);
        if (!fresh.isEmpty()) {
          ledger.put(key, merge(ledger.peek(key).orElse(null), fresh));
        }
      }
      case START, RESUME -> {
        if (outcome == Outcome.SUCCEEDED || outcome == Outcome.PARTIALLY_SUCCEEDED) {
          ledger.take(key);
        }
      }
      default -> {}
    }
  }

  private static SuspensionLedger.Entry merge(
      SuspensionLedger.Entry old, SuspensionLedger.Entry fresh) {
    if (old == null) {
      return fresh;
    }
    return new SuspensionLedger.Entry(
        fresh.action(),
        union(old.sites(), fresh.sites()),
        union(old.pools(), fresh.pools()),
        union(old.services(), fresh.services()),
        union(old.poolsAutoStartCleared(), fresh.poolsAutoStartCleared()),
        union(old.sitesAutoStartCleared(), fresh.sitesAutoStartCleared()),
        old.workerPids(),
        old.at());
  }

  private static <T> List<T> union(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    b.stream().filter(x -> !out.contains(x)).forEach(out::add);
    return out;
  }

  /** After a failure: what this run had already changed, and how to bring it back. */
  private static java.util.Optional<Finding> leftBehind(Run run) {
    List<String> parts = new ArrayList<>();
    if (!run.stoppedSites.isEmpty()) {
      parts.add("sites " + String.join(", ", run.stoppedSites));
    }
    if (!run.stoppedPools.isEmpty()) {
      parts.add("pools " + String.join(", ", run.stoppedPools));
    }
    if (!run.stoppedServices.isEmpty()) {
      parts.add("services " + String.join(", ", run.stoppedServices));
    }
    if (parts.isEmpty()) {
      return java.util.Optional.empty();
    }
    String undo = run.request.action() == Action.SUSPEND ? "resume" : "start";
    return java.util.Optional.of(
        Finding.warning(
            "this operation had already stopped "
                + String.join("; ", parts)
                + "; they stay stopped until `"
                + undo
                + "` on the same target brings back exactly these"));
  }

  private static String nothingToDo(OperationRequest r) {
    return switch (r.action()) {
      case STOP, SUSPEND -> r.scope().display() + " is already stopped";
      case START, RESUME -> r.scope().display() + " is already running";
      default -> "no step applies";
    };
  }
}
