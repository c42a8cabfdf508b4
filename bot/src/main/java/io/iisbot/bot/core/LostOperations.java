package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Mention;
import io.iisbot.bot.fleet.FleetResult;
import io.iisbot.bot.fleet.HostOutcome;
import io.iisbot.bot.render.Messages;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.InFlight;
import io.iisbot.bot.store.StoreException;
import io.iisbot.iis.agent.AgentException;
import io.iisbot.iis.agent.Wire;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.logging.OperationMdc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Operations whose fate is unknown: the agent took them, then stopped answering before their end.
 * Each keeps its host's lease and its in-flight record, marked lost in the store (so no other
 * operation starts there, and every replica can say why), while the replica following it asks the
 * agent again every {@link #CHECK_EVERY} and renews the lease; once the agent answers, the real
 * outcome is audited and posted in the operation's channel and the host is free. An admin may free
 * the host sooner with {@code release}, on any replica. Thread-safe.
 */
public final class LostOperations {

  private static final Logger LOG = LoggerFactory.getLogger(LostOperations.class);

  /** How often the agent of a lost operation is asked again. */
  static final Duration CHECK_EVERY = Duration.ofSeconds(2);

  /** One lost operation: what the store has of it, and the last progress the bot saw. */
  record Lost(InFlight op, String lastKnown, Instant since) {}

  /** What {@link #release} did, for the reply. */
  public record Released(boolean freed, String operationId, String action, String lastKnown) {}

  private final HostDirectory hosts;
  private final BotStore store;
  private final Map<String, ChatSink> sinks;
  private final Audit audit;
  private final Clock clock;
  private final ExecutorService runner;
  private final ScheduledExecutorService scheduler;
  private final String commandName;

  /** The lost operations this replica follows (it owns them in the store). */
  private final Map<String, Lost> byOperation = new ConcurrentHashMap<>();

  /** The last problem logged per operation, so the log says only what changed. */
  private final Map<String, String> lastSaid = new ConcurrentHashMap<>();

  LostOperations(
      HostDirectory hosts,
      BotStore store,
      Map<String, ChatSink> sinks,
      Audit audit,
      Clock clock,
      ExecutorService runner,
      ScheduledExecutorService scheduler,
      String commandName) {
    this.hosts = hosts;
    this.store = store;
    this.sinks = sinks;
    this.audit = audit;
    this.clock = clock;
    this.runner = runner;
    this.scheduler = scheduler;
    this.commandName = commandName;
  }

  /**
   * Remembers an operation whose agent stopped answering, and starts asking it again.
   *
   * @param lastKnown the last progress seen, for people; may be empty
   */
  void lost(InFlight op, String lastKnown) {
    String last = lastKnown == null || lastKnown.isBlank() ? "nothing yet" : lastKnown;
    Instant since = clock.instant();
    byOperation.put(op.operationId(), new Lost(op, last, since));
    String id = op.operationId();
    // Through the pending writes: a store down now still learns it, in order.
    audit.pending().write("fate of " + id, () -> store.markLost(id, since, last));
    audit
        .entry(AuditEntry.Kind.STEP, platformOf(op), null)
        .host(op.host())
        .action(op.action())
        .target(op.target())
        .operation(op.operationId())
        .detail(
            "agent stopped answering; fate unknown, lease kept until it answers or an admin"
                + " releases it; last known: "
                + last)
        .record();
    schedule(op.operationId());
  }

  /**
   * Goes on asking the agent of an operation the store has as lost, taken over from a replica that
   * died or stopped. Not audited again: its loss was.
   */
  void follow(InFlight op) {
    String last = op.lastKnown() == null ? "nothing yet" : op.lastKnown();
    if (byOperation.putIfAbsent(op.operationId(), new Lost(op, last, op.lostSince())) == null) {
      LOG.info(
          "following lost operation {} on {}, left by {}",
          op.operationId(),
          op.host(),
          op.owner() == null ? "an earlier bot" : op.owner());
      schedule(op.operationId());
    }
  }

  /** The line shown for a host whose operation was lost: what is known and what to do. */
  String explain(String host, String problem, String lastKnown) {
    String last = lastKnown == null || lastKnown.isBlank() ? "nothing yet" : lastKnown;
    return "unreachable: "
        + problem
        + ". Last known: "
        + last
        + ". Its fate is unknown, so "
        + host
        + " stays leased: the bot asks its agent again every "
        + CHECK_EVERY.toSeconds()
        + " s and posts the outcome when it answers; an admin can free it now with "
        + releaseUsage(host);
  }

  /** {@code /iis release web01 --reason "…"}. */
  String releaseUsage(String host) {
    return commandName + " release " + host + " --reason \"…\"";
  }

  /** The operation holding this host whose fate is unknown, as the store has it; any replica's. */
  Optional<InFlight> on(String host) {
    return store.inFlight().stream().filter(f -> f.lost() && f.host().equals(host)).findFirst();
  }

  /** Whether this operation's fate is unknown, whichever replica follows it. */
  boolean isLost(String operationId) {
    return store.inFlight().stream().anyMatch(f -> f.lost() && f.operationId().equals(operationId));
  }

  /**
   * Frees the host of its lost operation: its lease and in-flight record go, and the bot stops
   * asking its agent. Audited with the reason.
   *
   * @return not freed when no lost operation holds the host
   * @throws StoreException when the store cannot be written (or earlier writes still wait for it):
   *     nothing was freed
   */
  public Released release(String host, String platform, Caller by, String reason) {
    if (audit.pending().backlog() > 0) {
      throw new StoreException("earlier writes still wait for the store");
    }
    Optional<InFlight> found = on(host);
    if (found.isEmpty()) {
      return new Released(false, null, null, null);
    }
    InFlight op = found.get();
    // Written at once, not kept for later: a release the store did not take did not happen. The
    // delete decides against the reconciler of the replica following it, whichever comes first.
    if (!store.endLost(op.operationId())) {
      return new Released(false, null, null, null);
    }
    store.releaseLease(host, op.operationId());
    byOperation.remove(op.operationId());
    lastSaid.remove(op.operationId());
    String last = op.lastKnown() == null ? "nothing yet" : op.lastKnown();
    audit
        .entry(AuditEntry.Kind.NOTICE, platform, by)
        .host(host)
        .action("release")
        .target(op.target())
        .operation(op.operationId())
        .outcome(AuditEntry.RELEASED)
        .detail(
            "lease freed while the fate of "
                + op.action()
                + " was unknown; last known: "
                + last
                + "; reason: "
                + reason)
        .record();
    LOG.info("{} released by {} while {} was lost", host, by.user(), op.operationId());
    return new Released(true, op.operationId(), op.action(), last);
  }

  private void schedule(String operationId) {
    try {
      scheduler.schedule(
          () -> {
            try {
              runner.execute(() -> check(operationId));
            } catch (RejectedExecutionException e) {
              LOG.info("bot stopping; {} stays in flight for a restart to re-attach", operationId);
            }
          },
          CHECK_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.info("bot stopping; {} stays in flight for a restart to re-attach", operationId);
    }
  }

  /**
   * Renews the lease, then asks the agent about a lost operation once; asks again later while it
   * does not answer. Stops when the host was released meanwhile, on this replica or another.
   */
  private void check(String operationId) {
    Lost lost = byOperation.get(operationId);
    if (lost == null) {
      return; // released meanwhile
    }
    InFlight op = lost.op();
    MDC.put(OperationMdc.KEY, operationId);
    try {
      try {
        // The lease must not run out while the fate is unknown.
        store.renewLease(op.host(), operationId, clock.instant(), Runs.LEASE_TTL);
      } catch (IllegalStateException e) {
        // No longer held by it: released, here or on another replica.
        stop(operationId);
        LOG.info("{} was released meanwhile; no longer asking about {}", op.host(), operationId);
        return;
      }
      Wire.OperationView view = hosts.agent(op.host()).operation(operationId);
      OperationResult result =
          view.result() != null
              ? view.result()
              : hosts.agent(op.host()).follow(operationId, p -> {});
      ended(lost, result);
    } catch (AgentException.NotFound e) {
      forgotten(lost);
    } catch (AgentException | StoreException e) {
      say(
          operationId,
          "no answer yet about " + operationId + " from " + op.host() + ": " + e.getMessage());
      schedule(operationId);
    } catch (RuntimeException e) {
      LOG.warn("asking {} about {} failed", op.host(), operationId, e);
      schedule(operationId);
    } finally {
      MDC.remove(OperationMdc.KEY);
    }
  }

  /** Logs at INFO what changed since the last check, at DEBUG what did not. */
  private void say(String operationId, String line) {
    if (line.equals(lastSaid.put(operationId, line))) {
      LOG.debug(line);
    } else {
      LOG.info(line);
    }
  }

  private void stop(String operationId) {
    byOperation.remove(operationId);
    lastSaid.remove(operationId);
  }

  /**
   * Ends a lost operation whose agent answered: true when this replica ends it, false when it was
   * released meanwhile (the admin's word stands).
   *
   * @throws StoreException when the store cannot say; asked again at the next check
   */
  private boolean claim(InFlight op) {
    if (!byOperation.containsKey(op.operationId())) {
      return false;
    }
    boolean ours = store.endLost(op.operationId());
    stop(op.operationId());
    if (!ours) {
      LOG.info(
          "{} was released meanwhile; its agent's answer about {} is not posted",
          op.host(),
          op.operationId());
    }
    return ours;
  }

  /** The agent answered with the operation's end. */
  private void ended(Lost lost, OperationResult r) {
    InFlight op = lost.op();
    if (!settle(
        op,
        r.outcome().name().toLowerCase(Locale.ROOT),
        "reconciled after " + op.host() + "'s agent answered again")) {
      return;
    }
    ChatMessage m =
        Messages.result(
            op.action() + " " + op.host() + " (reconciled: its agent answers again)",
            new FleetResult(
                List.of(new HostOutcome(op.host(), op.operationId(), r, null)), List.of()),
            person(op.requester()),
            person(op.confirmer()),
            null,
            op.operationId());
    tell(op, m);
  }

  /** The agent answered, but has no record of the operation. */
  private void forgotten(Lost lost) {
    InFlight op = lost.op();
    if (!settle(
        op,
        AuditEntry.UNKNOWN,
        op.host() + "'s agent answers again but has no record of the operation")) {
      return;
    }
    tell(
        op,
        new ChatMessage(
            "Outcome unknown: " + op.action() + " " + op.host(),
            Status.WARNING,
            List.of(
                op.host()
                    + "'s agent answers again but has no record of operation "
                    + op.operationId()
                    + " (it probably restarted before the end), so what it did to IIS is unknown."
                    + " Last known: "
                    + lost.lastKnown()
                    + ".",
                op.host()
                    + " is free again; check it with "
                    + commandName
                    + " status "
                    + op.host()
                    + " before anything else."),
            List.of(
                new ChatMessage.Field("Requested by", person(op.requester())),
                new ChatMessage.Field(Messages.OPERATION_FIELD, op.operationId())),
            List.of(),
            false,
            true));
  }

  /**
   * Ends a lost operation once, whichever replica or release gets there first: claims it, audits
   * its result and frees its host.
   *
   * @return false when someone else had already ended it
   */
  private boolean settle(InFlight op, String outcome, String detail) {
    if (!claim(op)) {
      return false;
    }
    audit
        .entry(AuditEntry.Kind.RESULT, platformOf(op), null)
        .host(op.host())
        .action(op.action())
        .target(op.target())
        .operation(op.operationId())
        .outcome(outcome)
        .detail(detail)
        .record();
    free(op);
    return true;
  }

  /** Its in-flight record went with {@link #claim}; the lease goes before anyone is told. */
  private void free(InFlight op) {
    audit
        .pending()
        .write("release of " + op.host(), () -> store.releaseLease(op.host(), op.operationId()));
  }

  private void tell(InFlight op, ChatMessage m) {
    String[] ref = op.messageRef().split("\\|", 3);
    ChatSink sink = ref.length == 3 ? sinks.get(ref[0]) : null;
    if (sink == null) {
      LOG.warn("cannot post the outcome of {}: unknown message {}", op.operationId(), ref[0]);
      return;
    }
    try {
      sink.post(ref[1], null, m);
    } catch (RuntimeException e) {
      LOG.warn("posting the outcome of {} failed", op.operationId(), e);
    }
  }

  private static String platformOf(InFlight op) {
    return op.messageRef().split("\\|", 2)[0];
  }

  private static String person(String identity) {
    try {
      return Mention.of(Identity.parse(identity)).token();
    } catch (IllegalArgumentException e) {
      return identity;
    }
  }
}
