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
 * Each keeps its host's lease and its in-flight record (so no other operation starts there) while
 * the bot asks the agent again every {@link #CHECK_EVERY}; once the agent answers, the real outcome
 * is audited and posted in the operation's channel and the host is free. An admin may free the host
 * sooner with {@code release}. Thread-safe.
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
  private final Map<String, Lost> byOperation = new ConcurrentHashMap<>();

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
    byOperation.put(op.operationId(), new Lost(op, last, clock.instant()));
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

  /** The lost operation holding this host, if any. */
  Optional<Lost> on(String host) {
    return byOperation.values().stream().filter(l -> l.op().host().equals(host)).findFirst();
  }

  /** Whether this operation is lost. */
  boolean isLost(String operationId) {
    return byOperation.containsKey(operationId);
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
    Optional<Lost> found = on(host);
    if (found.isEmpty()) {
      return new Released(false, null, null, null);
    }
    if (audit.pending().backlog() > 0) {
      throw new StoreException("earlier writes still wait for the store");
    }
    InFlight op = found.get().op();
    // Written at once, not kept for later: a release the store did not take did not happen.
    store.releaseLease(host, op.operationId());
    store.finishInFlight(op.operationId());
    if (byOperation.remove(op.operationId()) == null) {
      return new Released(false, null, null, null);
    }
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
                + found.get().lastKnown()
                + "; reason: "
                + reason)
        .record();
    LOG.info("{} released by {} while {} was lost", host, by.user(), op.operationId());
    return new Released(true, op.operationId(), op.action(), found.get().lastKnown());
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

  /** Asks the agent about a lost operation once; asks again later while it does not answer. */
  private void check(String operationId) {
    Lost lost = byOperation.get(operationId);
    if (lost == null) {
      return; // released meanwhile
    }
    InFlight op = lost.op();
    MDC.put(OperationMdc.KEY, operationId);
    try {
      Wire.OperationView view = hosts.agent(op.host()).operation(operationId);
      OperationResult result =
          view.result() != null
              ? view.result()
              : hosts.agent(op.host()).follow(operationId, p -> {});
      ended(lost, result);
    } catch (AgentException.NotFound e) {
      forgotten(lost);
    } catch (AgentException e) {
      LOG.info("{} still not answering about {}: {}", op.host(), operationId, e.getMessage());
      schedule(operationId);
    } catch (RuntimeException e) {
      LOG.warn("asking {} about {} failed", op.host(), operationId, e);
      schedule(operationId);
    } finally {
      MDC.remove(OperationMdc.KEY);
    }
  }

  /** The agent answered with the operation's end. */
  private void ended(Lost lost, OperationResult r) {
    InFlight op = lost.op();
    if (byOperation.remove(op.operationId()) == null) {
      return; // released meanwhile; the admin's word stands
    }
    audit
        .entry(AuditEntry.Kind.RESULT, platformOf(op), null)
        .host(op.host())
        .action(op.action())
        .target(op.target())
        .operation(op.operationId())
        .outcome(r.outcome().name().toLowerCase(Locale.ROOT))
        .detail("reconciled after " + op.host() + "'s agent answered again")
        .record();
    free(op);
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
    if (byOperation.remove(op.operationId()) == null) {
      return;
    }
    audit
        .entry(AuditEntry.Kind.RESULT, platformOf(op), null)
        .host(op.host())
        .action(op.action())
        .target(op.target())
        .operation(op.operationId())
        .outcome(AuditEntry.UNKNOWN)
        .detail(op.host() + "'s agent answers again but has no record of the operation")
        .record();
    free(op);
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

  /** Recorded as finished before anyone is told, so what they see is what is stored. */
  private void free(InFlight op) {
    audit
        .pending()
        .write("end of " + op.operationId(), () -> store.finishInFlight(op.operationId()));
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
