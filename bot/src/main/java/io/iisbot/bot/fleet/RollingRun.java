package io.iisbot.bot.fleet;

import io.iisbot.iis.Durations;
import io.iisbot.iis.agent.AgentClient;
import io.iisbot.iis.agent.AgentException;
import io.iisbot.iis.agent.Wire;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Progress;
import io.iisbot.iis.logging.OperationMdc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one operation over many hosts in rolling batches of {@code batch}: each batch in parallel,
 * the next only when every host of this one succeeded. A failed host stops the run (or, under a
 * {@link RolloutControl}, holds it for Continue anyway or Abort); the hosts not reached are listed.
 * Each host holds its lease while its operation runs, and names the operation in the MDC on the
 * lines logged meanwhile (its progress included).
 */
public final class RollingRun {

  private static final Logger LOG = LoggerFactory.getLogger(RollingRun.class);

  private final Function<String, AgentClient> agents;
  private final Leases leases;
  private final String holder;
  private AroundHost around = AroundHost.NONE;

  /**
   * @param agents the agent client of a host
   * @param holder who runs it, shown to anyone refused a lease
   */
  public RollingRun(Function<String, AgentClient> agents, Leases leases, String holder) {
    this.agents = agents;
    this.leases = leases;
    this.holder = holder;
  }

  /** Takes {@code around}'s steps before and after each host's own (a load balancer's). */
  public RollingRun around(AroundHost around) {
    this.around = around;
    return this;
  }

  /**
   * @param operationIds the operation id to use on each host (idempotent on the agent)
   * @param planIdentities the identity of each host's confirmed plan; the agent runs nothing when
   *     its plan differs (a host missing here is not checked)
   * @param onProgress told of each host's progress as it comes, on the host's thread
   */
  public FleetResult run(
      OperationRequest request,
      List<String> hosts,
      int batch,
      Map<String, String> operationIds,
      Map<String, String> planIdentities,
      String requestedBy,
      BiConsumer<String, Progress> onProgress) {
    return run(
        request,
        hosts,
        batch,
        operationIds,
        planIdentities,
        requestedBy,
        onProgress,
        null,
        null,
        Duration.ZERO);
  }

  /**
   * As {@link #run(OperationRequest, List, int, Map, Map, String, BiConsumer)}, under the control
   * of the people watching it.
   *
   * @param control Pause, Continue and Abort, and each host's row; null: none (a failed host stops
   *     the run)
   * @param pauseBetween how long to wait between batches; null: no wait
   * @param holdAfterFailure how long a failed host holds the run for Continue anyway or Abort
   *     before it ends as stopped; zero: it ends at once
   */
  public FleetResult run(
      OperationRequest request,
      List<String> hosts,
      int batch,
      Map<String, String> operationIds,
      Map<String, String> planIdentities,
      String requestedBy,
      BiConsumer<String, Progress> onProgress,
      RolloutControl control,
      Duration pauseBetween,
      Duration holdAfterFailure) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, was " + batch);
    }
    List<HostOutcome> outcomes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(batch, 16));
    try {
      for (int i = 0; i < hosts.size(); i += batch) {
        List<String> group = hosts.subList(i, Math.min(hosts.size(), i + batch));
        List<String> rest = hosts.subList(Math.min(hosts.size(), i + batch), hosts.size());
        if (control != null && i > 0 && !control.beforeNextBatch(pauseBetween)) {
          return skipped(control, outcomes, hosts.subList(i, hosts.size()));
        }
        List<Future<HostOutcome>> running = new ArrayList<>();
        for (String host : group) {
          running.add(
              pool.submit(
                  () ->
                      runOne(
                          request,
                          host,
                          operationIds.get(host),
                          planIdentities.get(host),
                          requestedBy,
                          onProgress,
                          control)));
        }
        boolean failed = false;
        for (Future<HostOutcome> f : running) {
          HostOutcome o = f.get();
          outcomes.add(o);
          failed |= o.failed();
          if (control != null) {
            control.row(o.host(), o.failed() ? RolloutControl.Row.FAILED : RolloutControl.Row.DONE);
          }
        }
        if (control != null && control.abortedBy() != null) {
          return skipped(control, outcomes, rest);
        }
        if (failed) {
          if (rest.isEmpty()
              || control == null
              || holdAfterFailure.isZero()
              || !control.afterFailure(holdAfterFailure)) {
            return skipped(control, outcomes, rest);
          }
        }
      }
      if (control != null) {
        control.ended();
      }
      return new FleetResult(outcomes, List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running on the fleet", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a host's run failed unexpectedly", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static FleetResult skipped(
      RolloutControl control, List<HostOutcome> outcomes, List<String> notRun) {
    if (control != null) {
      notRun.forEach(h -> control.row(h, RolloutControl.Row.SKIPPED));
      control.ended();
    }
    return new FleetResult(outcomes, notRun);
  }

  private HostOutcome runOne(
      OperationRequest request,
      String host,
      String operationId,
      String planIdentity,
      String requestedBy,
      BiConsumer<String, Progress> onProgress,
      RolloutControl control) {
    try (OperationMdc.Scope named = OperationMdc.put(operationId)) {
      var held = leases.acquire(host, holder, operationId);
      if (held.isPresent()) {
        LOG.info("{} is busy: {}", host, held.get());
        return new HostOutcome(host, operationId, null, host + " is busy: " + held.get());
      }
      boolean keepLease = false;
      try {
        if (control != null) {
          control.row(host, RolloutControl.Row.RUNNING);
        }
        var refused = around.before(host, p -> onProgress.accept(host, p));
        if (refused.isPresent()) {
          LOG.warn("{} on {} not asked: {}", request.describe(), host, refused.get());
          return new HostOutcome(host, operationId, null, refused.get());
        }
        AgentClient agent = agents.apply(host);
        agent.start(
            new Wire.OperationSpec(
                operationId,
                request.action(),
                request.scope(),
                request.options(),
                requestedBy,
                planIdentity));
        LOG.info("{} on {} requested by {}", request.describe(), host, requestedBy);
        if (control != null) {
          control.row(host, RolloutControl.Row.RUNNING);
          control.whenAborted(by -> agent.abort(operationId, by));
        }
        OperationResult followed;
        try {
          followed = agent.follow(operationId, p -> onProgress.accept(host, p));
        } catch (AgentException.Unreachable | AgentException.Timeout e) {
          // The agent has the operation and stopped answering: it may still run there, so the
          // host stays leased until the agent answers again or an admin releases it.
          keepLease = true;
          LOG.warn(
              "{} on {}: fate unknown, lease kept: {}", request.describe(), host, e.getMessage());
          return HostOutcome.unknown(
              host,
              operationId,
              e instanceof AgentException.Timeout
                  ? "its agent went quiet during the operation"
                  : "its agent stopped answering during the operation");
        }
        OperationResult result = around.after(host, followed, p -> onProgress.accept(host, p));
        LOG.info("ended {} in {}", result.outcome(), Durations.format(result.duration()));
        return new HostOutcome(host, operationId, result, null);
      } catch (AgentException e) {
        LOG.warn("{} on {} did not run to its end: {}", request.describe(), host, e.getMessage());
        return new HostOutcome(host, operationId, null, e.getMessage());
      } finally {
        if (!keepLease) {
          leases.release(host, operationId);
        }
      }
    }
  }
}
