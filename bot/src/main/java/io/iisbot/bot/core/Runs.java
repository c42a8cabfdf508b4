package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Mention;
import io.iisbot.bot.confirm.ConfirmToken;
import io.iisbot.bot.confirm.Pinned;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.fleet.FleetResult;
import io.iisbot.bot.fleet.HostOutcome;
import io.iisbot.bot.fleet.Leases;
import io.iisbot.bot.fleet.RollingRun;
import io.iisbot.bot.fleet.RolloutControl;
import io.iisbot.bot.lb.Balancing;
import io.iisbot.bot.render.ControlMessages;
import io.iisbot.bot.render.Messages;
import io.iisbot.bot.render.ThrottledEdits;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.InFlight;
import io.iisbot.bot.store.LeaseResult;
import io.iisbot.iis.Durations;
import io.iisbot.iis.agent.AgentException;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Progress;
import io.iisbot.iis.logging.OperationMdc;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Running a confirmed command: host leases, rolling batches through the agents, throttled progress
 * edits, the audit of every step and result, and re-attaching after a restart.
 */
final class Runs {

  private static final Logger LOG = LoggerFactory.getLogger(Runs.class);
  private static final DateTimeFormatter OP_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** How long a host lease lasts before it must be renewed; longer than any operation. */
  static final Duration LEASE_TTL = Duration.ofHours(6);

  /** How long a failed host holds a rolling run for Continue anyway or Abort before it ends. */
  static final Duration HOLD_AFTER_FAILURE = Duration.ofMinutes(30);

  /** How long the Undo button of a final message works. */
  static final Duration UNDO_VALIDITY = Duration.ofHours(24);

  /** The verb of the command that undoes a successful one, for the verbs that have one. */
  private static final Map<String, String> INVERSE =
      Map.of("stop", "start", "suspend", "resume", "start", "stop");

  /** The token id prefixes of the control buttons and of Undo. */
  static final String OP_TOKEN = "op:";

  static final String UNDO_TOKEN = "undo:";

  /** An operation running on this bot, and its controls. */
  record Active(Launch launch, RolloutControl control, Map<String, String> operationIds) {}

  /** At most one edit of a progress message per this gap. */
  static final Duration EDIT_GAP = Duration.ofSeconds(1);

  private final HostDirectory hosts;
  private final BotStore store;
  private final Map<String, ChatSink> sinks;
  private final Audit audit;
  private final OperationTraces traces;
  private final Clock clock;
  private final ExecutorService runner;
  private final ScheduledExecutorService scheduler;
  private final List<OperationListener> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final TokenSigner signer;
  private final Map<String, Active> active = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Balancing balancing = Balancing.none();
  private final LostOperations lost;
  private final String replica;
  private final java.util.concurrent.atomic.AtomicInteger reattached =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * @param sinks each platform's chat, by name; read when an operation starts or is re-attached
   * @param runner runs operations, one task each for as long as they take
   * @param scheduler delays progress edits
   * @param signer signs the values of the control buttons (Abort, Pause, Continue, Undo)
   * @param lost keeps the operations whose agent stopped answering, until it answers again
   * @param replica this bot's name in the store, as the owner of the operations it follows
   */
  Runs(
      HostDirectory hosts,
      BotStore store,
      Map<String, ChatSink> sinks,
      Audit audit,
      OperationTraces traces,
      Clock clock,
      ExecutorService runner,
      ScheduledExecutorService scheduler,
      TokenSigner signer,
      LostOperations lost,
      String replica) {
    this.signer = signer;
    this.lost = lost;
    this.replica = replica;
    this.hosts = hosts;
    this.store = store;
    this.sinks = sinks;
    this.audit = audit;
    this.traces = traces;
    this.clock = clock;
    this.runner = runner;
    this.scheduler = scheduler;
  }

  /** The load balancers hosts sit behind: drained before and restored after their own steps. */
  void balancing(Balancing balancing) {
    this.balancing = balancing;
  }

  /**
   * Starts the operation on the bot's executor and returns the message that replaces the launch's
   * message until the first edit.
   */
  ChatMessage start(Launch launch) {
    Pinned pinned = launch.pinned();
    OperationRequest request = pinned.request();
    List<String> names = pinned.hosts();
    String verb = pinned.verb();
    String base = "op-" + OP_TIME.format(clock.instant()) + "-" + Ids.random("x").substring(2, 8);
    Map<String, String> ids = new LinkedHashMap<>();
    names.forEach(h -> ids.put(h, base + "-" + h));
    Map<String, String> identities = new LinkedHashMap<>();
    pinned.plans().forEach((h, d) -> identities.put(h, d.identity()));
    String ref = launch.platform() + "|" + launch.channel() + "|" + launch.message();
    // One store round trip for the whole run: a hundred hosts must not cost a hundred before the
    // first one starts.
    List<InFlight> inFlight = new java.util.ArrayList<>();
    for (String h : names) {
      inFlight.add(
          new InFlight(
              ids.get(h),
              h,
              verb,
              pinned.scopeText(),
              launch.requester(),
              launch.holder(),
              ref,
              clock.instant(),
              replica));
    }
    store.recordInFlight(inFlight);
    ChatSink sink = sinks.get(launch.platform());
    ThrottledEdits edits =
        new ThrottledEdits(
            sink,
            launch.channel(),
            launch.message(),
            EDIT_GAP,
            clock,
            (t, d) -> scheduler.schedule(t, d.toMillis(), TimeUnit.MILLISECONDS));
    Map<String, String> state = new ConcurrentSkipListMap<>();
    names.forEach(h -> state.put(h, ""));
    RolloutControl control = new RolloutControl(clock, names);
    String token =
        signer.sign(
            new ConfirmToken(
                OP_TOKEN + base,
                launch.platform(),
                launch.channel(),
                clock.instant().plus(LEASE_TTL)));
    boolean rolling = names.size() > pinned.batch();
    java.util.function.Supplier<ChatMessage> view =
        () ->
            Messages.withReason(
                ControlMessages.progress(pinned.command(), state, control, base, token, rolling),
                pinned.reason());
    control.onChange(() -> edits.submit(view.get()));
    active.put(base, new Active(launch, control, ids));
    traces.begin(base, pinned.command(), launch.requester(), ids);
    runner.execute(
        () -> {
          // Names the operation on every line this task logs; the runner clears it after.
          MDC.put(OperationMdc.KEY, base);
          tell(l -> l.started(base, launch, ids));
          FleetResult result;
          try {
            RollingRun run =
                new RollingRun(hosts::agent, leases(), launch.holder())
                    .around(aroundHosts(launch, ids));
            result =
                run.run(
                    request,
                    names,
                    pinned.batch(),
                    ids,
                    identities,
                    launch.requester(),
                    (h, pr) -> {
                      traces.progress(base, h, pr);
                      state.put(h, Messages.progressLine(pr));
                      if (pr instanceof Progress.StepFinished
                          || pr instanceof Progress.StepFailed) {
                        audit
                            .entry(AuditEntry.Kind.STEP, launch.platform(), launch.startedBy())
                            .host(h)
                            .action(verb)
                            .operation(ids.get(h))
                            .detail(Messages.progressLine(pr))
                            .record();
                      }
                      edits.submit(view.get());
                    },
                    control,
                    pinned.pauseBetween(),
                    HOLD_AFTER_FAILURE);
          } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
              // The bot is stopping; the agents go on. Leave it in flight for re-attach.
              LOG.info("bot stopping during {}; a restart re-attaches to it", base);
              return;
            }
            LOG.error("operation {} failed unexpectedly", base, e);
            result =
                new FleetResult(
                    names.stream()
                        .map(
                            h ->
                                new HostOutcome(
                                    h,
                                    ids.get(h),
                                    null,
                                    "the bot failed while running this; see its log for " + base))
                        .toList(),
                    List.of());
          }
          if (Thread.currentThread().isInterrupted()) {
            LOG.info("bot stopping during {}; a restart re-attaches to it", base);
            return;
          }
          active.remove(base);
          result = withLostExplained(result, state);
          List<Audit.Entry> results = new java.util.ArrayList<>();
          List<String> finished = new java.util.ArrayList<>();
          for (HostOutcome o : result.hosts()) {
            if (o.fateUnknown()) {
              // In flight and leased until the agent answers again or an admin releases it.
              lost.lost(
                  new InFlight(
                      o.operationId(),
                      o.host(),
                      verb,
                      pinned.scopeText(),
                      launch.requester(),
                      launch.holder(),
                      ref,
                      clock.instant()),
                  state.get(o.host()));
              traces.finish(base, o.host(), null, o.problem());
              continue;
            }
            results.add(
                audit
                    .entry(AuditEntry.Kind.RESULT, launch.platform(), launch.startedBy())
                    .host(o.host())
                    .action(verb)
                    .target(pinned.scopeText())
                    .operation(o.operationId())
                    .outcome(
                        o.result() == null
                            ? AuditEntry.NOT_RUN
                            : o.result().outcome().name().toLowerCase(Locale.ROOT))
                    .detail(
                        (o.problem() != null ? o.problem() : summary(o.result()))
                            + (pinned.reason() == null ? "" : "; reason: " + pinned.reason())));
            finished.add(o.operationId());
            traces.finish(base, o.host(), o.result(), o.problem());
          }
          // The results and the ends of the run's operations as one write each, not one per host.
          audit.recordAll(results);
          result.notRun().forEach(h -> finished.add(ids.get(h)));
          if (!finished.isEmpty()) {
            audit
                .pending()
                .write(
                    "end of " + finished.size() + " operations of " + base,
                    () -> store.finishInFlight(finished));
          }
          result
              .notRun()
              .forEach(h -> traces.finish(base, h, null, "not run: an earlier host failed"));
          traces.end(base);
          edits.finish(
              Messages.withReason(
                  ControlMessages.result(
                      Messages.result(
                          pinned.command(),
                          result,
                          pinned.requesterName(),
                          pinned.requesterName(),
                          launch.approver(),
                          base),
                      control.abortedBy(),
                      undo(launch, result)),
                  pinned.reason()));
          FleetResult ended = result;
          tell(l -> l.finished(base, launch, ended));
        });
    return view.get();
  }

  /** The result with each lost host's problem told in full: what was known, what happens next. */
  private FleetResult withLostExplained(FleetResult result, Map<String, String> state) {
    if (result.hosts().stream().noneMatch(HostOutcome::fateUnknown)) {
      return result;
    }
    return new FleetResult(
        result.hosts().stream()
            .map(
                o ->
                    o.fateUnknown()
                        ? HostOutcome.unknown(
                            o.host(),
                            o.operationId(),
                            lost.explain(o.host(), o.problem(), state.get(o.host())))
                        : o)
            .toList(),
        result.notRun());
  }

  /**
   * The load balancer steps around each host; none with {@code --no-lb}, which is audited for each
   * host behind a balancer.
   */
  private io.iisbot.bot.fleet.AroundHost aroundHosts(Launch launch, Map<String, String> ids) {
    Pinned pinned = launch.pinned();
    Balancing lb = balancing;
    if (!io.iisbot.bot.command.ParsedCommand.skipsLoadBalancer(pinned.command())) {
      return lb.around(pinned.request());
    }
    for (String h : pinned.hosts()) {
      if (lb.any(List.of(h))) {
        audit
            .entry(AuditEntry.Kind.STEP, launch.platform(), launch.startedBy())
            .host(h)
            .action(pinned.verb())
            .operation(ids.get(h))
            .detail("load balancer left alone (--no-lb): " + h + " stays in rotation")
            .record();
      }
    }
    return io.iisbot.bot.fleet.AroundHost.NONE;
  }

  /** How many operations this bot follows now: started here, or re-attached to after a restart. */
  int following() {
    return active.size() + reattached.get();
  }

  /** The operation with this id, while it runs on this bot. */
  Optional<Active> active(String operation) {
    return Optional.ofNullable(active.get(operation));
  }

  /**
   * The Undo button of a successful stop, suspend or start: its inverse for the same hosts and
   * scope, as a command whose prompt the clicker gets. Null when there is none.
   */
  private ChatMessage.Button undo(Launch launch, FleetResult result) {
    Pinned pinned = launch.pinned();
    String inverse = INVERSE.get(pinned.verb());
    if (inverse == null || !result.succeeded() || launch.startedBy() == null) {
      return null;
    }
    String scope = pinned.scopeText();
    StringBuilder text = new StringBuilder(inverse).append(' ');
    text.append(String.join(",", pinned.hosts()));
    if (!scope.equals("host")) {
      int colon = scope.indexOf(':');
      String name = scope.substring(colon + 1);
      text.append(' ')
          .append(scope, 0, colon + 1)
          .append(name.contains(" ") ? "\"" + name + "\"" : name);
    }
    if (pinned.batch() > 1) {
      text.append(" --batch ").append(pinned.batch());
    }
    String token =
        signer.sign(
            new ConfirmToken(
                UNDO_TOKEN + text,
                launch.platform(),
                launch.channel(),
                clock.instant().plus(UNDO_VALIDITY)));
    return ControlMessages.undo(inverse, token);
  }

  /**
   * Follows every operation the store has in flight that no live replica follows (after a restart,
   * or when the replica running it died) and posts its result in place of its progress message. Of
   * several replicas doing this at once, one takes each operation over (a conditional write of its
   * owner), so one result is posted.
   *
   * @param aliveSince a replica that beat after this is alive; its operations are left to it
   */
  void reattach(java.time.Instant aliveSince) {
    for (InFlight op : store.orphans(aliveSince)) {
      if (replica.equals(op.owner())) {
        continue; // ours: followed by the task that started it or took it over
      }
      String[] ref = op.messageRef().split("\\|", 3);
      if (ref.length < 3 || !sinks.containsKey(ref[0])) {
        LOG.warn(
            "cannot re-attach {}: unknown message reference {}", op.operationId(), op.messageRef());
        continue;
      }
      if (!store.adoptInFlight(op.operationId(), op.owner(), replica)) {
        continue; // another replica took it over first
      }
      if (op.lost()) {
        // Its agent stopped answering before: go on asking it, nothing to follow yet.
        lost.follow(op);
        continue;
      }
      LOG.info(
          "re-attaching {} ({} {}), left by {}",
          op.operationId(),
          op.action(),
          op.host(),
          op.owner() == null ? "an earlier bot" : op.owner());
      ChatSink sink = sinks.get(ref[0]);
      reattached.incrementAndGet();
      runner.execute(
          () -> {
            MDC.put(OperationMdc.KEY, op.operationId());
            ChatMessage last;
            try {
              OperationResult r = hosts.agent(op.host()).follow(op.operationId(), x -> {});
              // Its fate is known: a replica that died running it can no longer free the host.
              store.releaseLease(op.host(), op.operationId());
              audit
                  .entry(AuditEntry.Kind.RESULT, ref[0], null)
                  .host(op.host())
                  .action(op.action())
                  .target(op.target())
                  .operation(op.operationId())
                  .outcome(r.outcome().name().toLowerCase(Locale.ROOT))
                  .detail("re-attached after a restart")
                  .record();
              last =
                  Messages.result(
                      op.action() + " " + op.host() + " (re-attached after a bot restart)",
                      new FleetResult(
                          List.of(new HostOutcome(op.host(), op.operationId(), r, null)),
                          List.of()),
                      person(op.requester()),
                      person(op.confirmer()),
                      null,
                      null);
            } catch (AgentException.Unreachable | AgentException.Timeout e) {
              // Its fate is unknown: keep it in flight and leased, and ask again later.
              LOG.warn("re-attaching {}: {}", op.operationId(), e.getMessage());
              lost.lost(op, "unknown (the bot restarted meanwhile)");
              sink.update(
                  ref[1],
                  ref[2],
                  new ChatMessage(
                      "Unreachable: " + op.action() + " " + op.host(),
                      Status.WARNING,
                      List.of(
                          op.host()
                              + ": "
                              + lost.explain(
                                  op.host(),
                                  "its agent did not answer when the bot restarted",
                                  "unknown (the bot restarted)")),
                      List.of(new ChatMessage.Field(Messages.OPERATION_FIELD, op.operationId())),
                      List.of(),
                      false,
                      true));
              return;
            } catch (RuntimeException e) {
              LOG.warn("re-attaching {} failed", op.operationId(), e);
              last =
                  new ChatMessage(
                      "Lost track: " + op.action() + " " + op.host(),
                      Status.WARNING,
                      List.of(
                          "The bot restarted during operation "
                              + op.operationId()
                              + " and could not follow it again: "
                              + e.getMessage()),
                      List.of(),
                      List.of(),
                      false,
                      true);
            }
            reattached.decrementAndGet();
            if (Thread.currentThread().isInterrupted()) {
              LOG.info(
                  "bot stopping while re-attached to {}; the next start follows it",
                  op.operationId());
              return;
            }
            // Recorded as finished before anyone is told, so what they see is what is stored.
            audit
                .pending()
                .write("end of " + op.operationId(), () -> store.finishInFlight(op.operationId()));
            sink.update(ref[1], ref[2], last);
          });
    }
  }

  /** This bot's name in the store, as the owner of the operations it follows. */
  String replica() {
    return replica;
  }

  /** Control requests nobody took within this long are dropped: their operation ended. */
  static final Duration CONTROL_REQUEST_LIFE = Duration.ofMinutes(1);

  /**
   * Applies the Pause, Continue and Abort clicks that landed on other replicas for the operations
   * running here. The bot's heartbeat calls it every {@link Bot#TIMER_TICK}; the clicks were
   * audited where they landed.
   */
  void applyControlRequests() {
    List<io.iisbot.bot.store.ControlRequest> requests =
        store.takeControlRequests(
            java.util.Set.copyOf(active.keySet()), clock.instant().minus(CONTROL_REQUEST_LIFE));
    for (io.iisbot.bot.store.ControlRequest r : requests) {
      Active a = active.get(r.operation());
      if (a == null) {
        LOG.info("{} of {} by {} dropped: it ended here", r.action(), r.operation(), r.by());
        continue;
      }
      RolloutControl c = a.control();
      boolean done =
          switch (r.action()) {
            case ControlMessages.PAUSE -> c.pause(r.by());
            case ControlMessages.CONTINUE -> c.proceed();
            case ControlMessages.ABORT -> c.abort(r.by());
            default -> false;
          };
      LOG.info(
          "{} of {} by {}, clicked on another replica: {}",
          r.action(),
          r.operation(),
          r.by(),
          done ? "done" : "nothing to do");
    }
  }

  /** An identity from the store as a person in a message; as it is when it is not one. */
  private static String person(String identity) {
    try {
      return Mention.of(Identity.parse(identity)).token();
    } catch (IllegalArgumentException e) {
      return identity;
    }
  }

  /** Adds a listener told of every operation started from now on. */
  void listen(OperationListener listener) {
    listeners.add(listener);
  }

  private void tell(java.util.function.Consumer<OperationListener> call) {
    for (OperationListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("an operation listener failed", e);
      }
    }
  }

  private Leases leases() {
    return new Leases() {
      @Override
      public Optional<String> acquire(String host, String holder, String operationId) {
        LeaseResult r;
        try {
          r = store.acquireLease(host, holder, operationId, clock.instant(), LEASE_TTL);
        } catch (io.iisbot.bot.store.StoreException e) {
          LOG.warn("cannot take the lease on {}: {}", host, e.getMessage());
          return Optional.of("not run: " + Bot.STORE_DOWN);
        }
        if (r instanceof LeaseResult.Held h) {
          return Optional.of(
              "held by "
                  + h.holder()
                  + " for operation "
                  + h.operationId()
                  + " since "
                  + h.since()
                  + (lost.isLost(h.operationId())
                      ? ", whose fate is unknown since its agent stopped answering; an admin can"
                          + " free it with "
                          + lost.releaseUsage(host)
                      : ""));
        }
        return Optional.empty();
      }

      @Override
      public void release(String host, String operationId) {
        audit.pending().write("release of " + host, () -> store.releaseLease(host, operationId));
      }
    };
  }

  /** One line for the audit: {@code SUCCEEDED in 4.554s; 0 failed checks, 0 requests cut}. */
  private static String summary(OperationResult r) {
    return r.outcome()
        + " in "
        + Durations.format(r.duration())
        + "; "
        + r.verification().failures().size()
        + " failed checks, "
        + r.cutRequests().size()
        + " requests cut";
  }
}
