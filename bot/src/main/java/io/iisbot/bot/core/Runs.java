package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.bot.confirm.Pinned;
import io.iisbot.bot.fleet.FleetResult;
import io.iisbot.bot.fleet.HostOutcome;
import io.iisbot.bot.fleet.Leases;
import io.iisbot.bot.fleet.RollingRun;
import io.iisbot.bot.render.Messages;
import io.iisbot.bot.render.ThrottledEdits;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.InFlight;
import io.iisbot.bot.store.LeaseResult;
import io.iisbot.bot.store.Prompt;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.logging.OperationMdc;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

  /** At most one edit of a progress message per this gap. */
  static final Duration EDIT_GAP = Duration.ofSeconds(1);

  private final BotContext ctx;
  private final Bot.Parts p;
  private final OperationTraces traces;

  Runs(BotContext ctx, OperationTraces traces) {
    this.ctx = ctx;
    this.p = ctx.p;
    this.traces = traces;
  }

  /**
   * Starts the operation on the bot's executor and returns the message that replaces the prompt.
   */
  /**
   * @param approver who approved, when policy asked for a second person; null otherwise (the
   *     requester confirmed alone)
   */
  ChatMessage start(ChatAction a, Prompt prompt, Pinned pinned, String approver) {
    OperationRequest request = pinned.request();
    List<String> hosts = pinned.hosts();
    String verb = pinned.verb();
    String base = "op-" + OP_TIME.format(ctx.now()) + "-" + BotContext.newId("x").substring(2, 8);
    Map<String, String> ids = new LinkedHashMap<>();
    hosts.forEach(h -> ids.put(h, base + "-" + h));
    Map<String, String> identities = new LinkedHashMap<>();
    pinned.plans().forEach((h, d) -> identities.put(h, d.identity()));
    String ref = a.platform() + "|" + a.channel() + "|" + a.message();
    for (String h : hosts) {
      p.store()
          .recordInFlight(
              new InFlight(
                  ids.get(h),
                  h,
                  verb,
                  BotContext.scopeText(request),
                  prompt.requester(),
                  a.caller().user().toString(),
                  ref,
                  ctx.now()));
    }
    ChatSink sink = p.sinks().get(a.platform());
    ThrottledEdits edits =
        new ThrottledEdits(
            sink,
            a.channel(),
            a.message(),
            EDIT_GAP,
            p.clock(),
            (t, d) -> p.scheduler().schedule(t, d.toMillis(), TimeUnit.MILLISECONDS));
    Map<String, String> state = new java.util.concurrent.ConcurrentSkipListMap<>();
    hosts.forEach(h -> state.put(h, "waiting"));
    traces.begin(base, pinned.command(), prompt.requester(), ids);
    p.runner()
        .execute(
            () -> {
              // Names the operation on every line this task logs; the runner clears it after.
              MDC.put(OperationMdc.KEY, base);
              FleetResult result;
              try {
                RollingRun run =
                    new RollingRun(p.hosts()::agent, leases(), a.caller().user().toString());
                result =
                    run.run(
                        request,
                        hosts,
                        pinned.batch(),
                        ids,
                        identities,
                        prompt.requester(),
                        (h, pr) -> {
                          traces.progress(base, h, pr);
                          state.put(h, Messages.progressLine(pr));
                          if (pr instanceof io.iisbot.iis.engine.Progress.StepFinished
                              || pr instanceof io.iisbot.iis.engine.Progress.StepFailed) {
                            ctx.audit(
                                AuditEntry.Kind.STEP,
                                a.platform(),
                                a.caller(),
                                h,
                                verb,
                                null,
                                ids.get(h),
                                null,
                                Messages.progressLine(pr));
                          }
                          edits.submit(Messages.progress(pinned.command(), state, base));
                        });
              } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                  // The bot is stopping; the agents go on. Leave it in flight for re-attach.
                  LOG.info("bot stopping during {}; a restart re-attaches to it", base);
                  return;
                }
                LOG.error("operation {} failed unexpectedly", base, e);
                result =
                    new FleetResult(
                        hosts.stream()
                            .map(
                                h ->
                                    new HostOutcome(
                                        h,
                                        ids.get(h),
                                        null,
                                        "the bot failed while running this; see its log for "
                                            + base))
                            .toList(),
                        List.of());
              }
              if (Thread.currentThread().isInterrupted()) {
                LOG.info("bot stopping during {}; a restart re-attaches to it", base);
                return;
              }
              for (HostOutcome o : result.hosts()) {
                ctx.audit(
                    AuditEntry.Kind.RESULT,
                    a.platform(),
                    a.caller(),
                    o.host(),
                    verb,
                    BotContext.scopeText(request),
                    o.operationId(),
                    o.result() == null
                        ? "not run"
                        : o.result().outcome().name().toLowerCase(Locale.ROOT),
                    o.problem() != null ? o.problem() : BotContext.summary(o.result()));
                p.store().finishInFlight(o.operationId());
                traces.finish(base, o.host(), o.result(), o.problem());
              }
              result.notRun().forEach(h -> p.store().finishInFlight(ids.get(h)));
              result
                  .notRun()
                  .forEach(h -> traces.finish(base, h, null, "not run: an earlier host failed"));
              traces.end(base);
              edits.finish(
                  Messages.result(
                      pinned.command(),
                      result,
                      pinned.requesterName(),
                      pinned.requesterName(),
                      approver,
                      base));
            });
    return Messages.progress(pinned.command(), state, base);
  }

  /**
   * After a restart: follows every operation the store says was in flight and posts its result in
   * place of its progress message.
   */
  void reattach() {
    for (InFlight op : p.store().inFlight()) {
      String[] ref = op.messageRef().split("\\|", 3);
      if (ref.length < 3 || !p.sinks().containsKey(ref[0])) {
        LOG.warn(
            "cannot re-attach {}: unknown message reference {}", op.operationId(), op.messageRef());
        continue;
      }
      ChatSink sink = p.sinks().get(ref[0]);
      p.runner()
          .execute(
              () -> {
                MDC.put(OperationMdc.KEY, op.operationId());
                ChatMessage last;
                try {
                  OperationResult r = p.hosts().agent(op.host()).follow(op.operationId(), x -> {});
                  ctx.audit(
                      AuditEntry.Kind.RESULT,
                      ref[0],
                      null,
                      op.host(),
                      op.action(),
                      op.target(),
                      op.operationId(),
                      r.outcome().name().toLowerCase(Locale.ROOT),
                      "re-attached after a restart");
                  last =
                      Messages.result(
                          op.action() + " " + op.host() + " (re-attached after a bot restart)",
                          new FleetResult(
                              List.of(new HostOutcome(op.host(), op.operationId(), r, null)),
                              List.of()),
                          op.requester(),
                          op.confirmer(),
                          null,
                          null);
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
                // Recorded as finished before anyone is told, so what they see is what is stored.
                p.store().finishInFlight(op.operationId());
                sink.update(ref[1], ref[2], last);
              });
    }
  }

  private Leases leases() {
    return new Leases() {
      @Override
      public Optional<String> acquire(String host, String holder, String operationId) {
        LeaseResult r = p.store().acquireLease(host, holder, operationId, ctx.now(), LEASE_TTL);
        if (r instanceof LeaseResult.Held h) {
          return Optional.of(
              "held by "
                  + h.holder()
                  + " for operation "
                  + h.operationId()
                  + " since "
                  + h.since());
        }
        return Optional.empty();
      }

      @Override
      public void release(String host, String operationId) {
        p.store().releaseLease(host, operationId);
      }
    };
  }
}
