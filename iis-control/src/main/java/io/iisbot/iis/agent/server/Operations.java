package io.iisbot.iis.agent.server;

import io.iisbot.iis.Durations;
import io.iisbot.iis.agent.Wire.OperationSpec;
import io.iisbot.iis.engine.OperationEngine;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.PlanGate;
import io.iisbot.iis.logging.OperationMdc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations of one agent: at most one runs at a time, each is idempotent on its id, runs on
 * the agent's own thread (so it goes on when the client goes away), and is kept for a while after
 * it finishes. Each runs only if its gate lets the plan it is about to run go ahead (the confirmed
 * plan, the agent's allow-list), checked on that plan just before the first step. Thread-safe.
 */
final class Operations {

  private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

  /** Another operation is running on this host. */
  static final class Busy extends RuntimeException {
    final String running;

    Busy(String running) {
      super("operation " + running + " is still running on this host; wait for it or follow it");
      this.running = running;
    }
  }

  /** The id was used before, for a different operation. */
  static final class IdReused extends RuntimeException {
    IdReused(String id) {
      super("operation id " + id + " was already used for a different operation; use a new id");
    }
  }

  /** The operation, and whether this call created it (false: an idempotent repeat). */
  record Started(AgentOperation operation, boolean created) {}

  private final OperationEngine engine;
  private final Clock clock;
  private final Duration keepFinished;
  private final ExecutorService runner;
  private final Function<OperationSpec, PlanGate> gates;
  private final Map<String, AgentOperation> byId = new LinkedHashMap<>();
  private AgentOperation running;

  /**
   * @param gates the gate each operation's plan must pass just before it runs
   */
  Operations(
      OperationEngine engine,
      Clock clock,
      Duration keepFinished,
      ExecutorService runner,
      Function<OperationSpec, PlanGate> gates) {
    this.engine = engine;
    this.clock = clock;
    this.keepFinished = keepFinished;
    this.runner = runner;
    this.gates = gates;
  }

  /**
   * Starts the operation, or returns the one already started with this id.
   *
   * @throws Busy when another operation runs
   * @throws IdReused when the id belongs to a different operation
   */
  synchronized Started start(OperationSpec spec) {
    forgetExpired();
    AgentOperation existing = byId.get(spec.id());
    if (existing != null) {
      if (!sameRequest(existing.spec(), spec)) {
        throw new IdReused(spec.id());
      }
      return new Started(existing, false);
    }
    if (running != null && !running.isFinished()) {
      throw new Busy(running.spec().id());
    }
    AgentOperation op = new AgentOperation(spec, engine.host().name(), clock.instant());
    byId.put(spec.id(), op);
    running = op;
    runner.execute(() -> run(op));
    return new Started(op, true);
  }

  /** On the runner's thread; every line logged meanwhile names the operation. */
  private void run(AgentOperation op) {
    OperationSpec spec = op.spec();
    try (OperationMdc.Scope named = OperationMdc.put(spec.id())) {
      LOG.info(
          "{} requested by {}",
          spec.request().describe(),
          spec.requestedBy().isEmpty() ? "(unnamed)" : spec.requestedBy());
      OperationResult result;
      try {
        result = engine.run(spec.request(), op::progress, op.cancellation(), gates.apply(spec));
      } catch (RuntimeException e) {
        // The engine reports host failures in its result; this is a bug or a lost host.
        LOG.error("operation {} ended with an unexpected error", spec.id(), e);
        result = null;
      }
      if (result == null) {
        result =
            OperationResult.notRun(
                engine.host().name(),
                spec.request(),
                clock.instant(),
                "the agent hit an internal error; see its log for operation " + spec.id());
      }
      op.finish(result, clock.instant());
      LOG.info("ended {} in {}", result.outcome(), Durations.format(result.duration()));
    }
  }

  synchronized Optional<AgentOperation> get(String id) {
    forgetExpired();
    return Optional.ofNullable(byId.get(id));
  }

  /** The running operation's id, if one runs. */
  synchronized Optional<String> runningId() {
    return running != null && !running.isFinished()
        ? Optional.of(running.spec().id())
        : Optional.empty();
  }

  private void forgetExpired() {
    Instant cutoff = clock.instant().minus(keepFinished);
    byId.values().removeIf(op -> op.isFinished() && op.finishedAt().isBefore(cutoff));
  }

  private static boolean sameRequest(OperationSpec a, OperationSpec b) {
    return a.action() == b.action()
        && a.scope().equals(b.scope())
        && a.options().equals(b.options())
        && Objects.equals(a.planIdentity(), b.planIdentity());
  }
}
