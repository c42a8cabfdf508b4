package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.bot.command.CommandParser;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.Help;
import io.iisbot.bot.command.ParsedCommand;
import io.iisbot.bot.command.UsageException;
import io.iisbot.bot.confirm.ConfirmToken;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.fleet.FleetResult;
import io.iisbot.bot.fleet.HostOutcome;
import io.iisbot.bot.fleet.Leases;
import io.iisbot.bot.fleet.RollingRun;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.render.Messages;
import io.iisbot.bot.render.ThrottledEdits;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.bot.store.InFlight;
import io.iisbot.bot.store.LeaseResult;
import io.iisbot.iis.agent.AgentException;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Plan;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The brain between the chat platforms and the agents: parses a command, checks the caller's
 * permission for every host it names, previews the plan and asks for confirmation, and, once a
 * (second) person confirms with a valid single-use token, runs it across the hosts in rolling
 * batches, editing the prompt into live progress and the result. Everything is audited.
 *
 * <p>Handlers return the messages to show; the operation itself runs on the bot's executor and
 * edits its message through the platform's {@link ChatSink}. Thread-safe.
 */
public final class Bot implements ChatHandler {

  private static final Logger LOG = Logger.getLogger(Bot.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter OP_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** How long a host lease lasts before it must be renewed; longer than any operation. */
  static final Duration LEASE_TTL = Duration.ofHours(6);

  /** At most one edit of a progress message per this gap. */
  static final Duration EDIT_GAP = Duration.ofSeconds(1);

  /** What the bot is made of. */
  public record Parts(
      CommandParser parser,
      Help help,
      Permissions permissions,
      HostDirectory hosts,
      List<ApprovalPolicy> policies,
      Duration defaultConfirmTimeout,
      TokenSigner signer,
      BotStore store,
      Map<String, ChatSink> sinks,
      Clock clock,
      ExecutorService runner,
      ScheduledExecutorService scheduler) {
    public Parts {
      policies = List.copyOf(policies);
      sinks = Map.copyOf(sinks);
    }
  }

  private final Parts p;

  public Bot(Parts parts) {
    this.p = parts;
  }

  // ---- commands ------------------------------------------------------------------------------

  @Override
  public ChatReply onCommand(ChatCommand c) {
    ParsedCommand cmd;
    try {
      cmd = p.parser().parse(c.text());
    } catch (UsageException e) {
      return ChatReply.post(
          privately("Not understood", Status.WARNING, e.getMessage(), "Usage: " + e.usage()));
    }
    try {
      return switch (cmd.spec().kind()) {
        case CHANGE -> change(c, cmd);
        case READ -> read(c, cmd);
        case SESSION ->
            ChatReply.post(
                privately(
                    "Not available yet",
                    Status.INFO,
                    "The web console comes with a later release."));
      };
    } catch (HostDirectory.Unresolved e) {
      return ChatReply.post(
          privately(
              "Unknown target",
              Status.WARNING,
              e.getMessage(),
              "Usage: " + cmd.spec().usage(p.parser().commandName())));
    } catch (AgentException e) {
      return ChatReply.post(privately("Agent problem", Status.FAILURE, e.getMessage()));
    }
  }

  private ChatReply change(ChatCommand c, ParsedCommand cmd) {
    if (cmd.forDuration() != null) {
      return ChatReply.post(
          privately(
              "Not available yet",
              Status.INFO,
              "Maintenance windows (--for) are not available yet; run the command without --for and start again when done."));
    }
    List<String> hosts = p.hosts().resolve(cmd.target());
    String action = cmd.spec().name();
    Optional<String> denied = denial(c.caller(), action, hosts);
    if (denied.isPresent()) {
      audit(
          AuditEntry.Kind.DENIAL,
          c.platform(),
          c.caller(),
          String.join(",", hosts),
          action,
          null,
          null,
          "denied",
          denied.get());
      return ChatReply.post(privately("Not allowed", Status.DENIED, denied.get()));
    }
    OperationRequest request = cmd.request();
    Plan plan = p.hosts().agent(hosts.get(0)).plan(request);
    boolean second =
        hosts.stream()
            .anyMatch(h -> policy(action, h).map(ApprovalPolicy::secondApprover).orElse(false));
    Duration timeout =
        hosts.stream()
            .map(
                h ->
                    policy(action, h)
                        .map(ApprovalPolicy::confirmTimeout)
                        .orElse(p.defaultConfirmTimeout()))
            .min(Duration::compareTo)
            .orElse(p.defaultConfirmTimeout());
    ConfirmToken token =
        new ConfirmToken(
            newId("c"),
            c.text().strip(),
            c.caller().user().toString(),
            c.channel(),
            now().plus(timeout),
            second,
            null);
    audit(
        AuditEntry.Kind.REQUEST,
        c.platform(),
        c.caller(),
        String.join(",", hosts),
        action,
        scopeText(request),
        null,
        "prompted",
        c.text().strip());
    return ChatReply.post(
        Messages.prompt(
            c.text().strip(),
            hosts,
            cmd.batch(),
            plan,
            c.caller().displayName(),
            cmd.reason(),
            p.signer().sign(token),
            second));
  }

  private ChatReply read(ChatCommand c, ParsedCommand cmd) {
    String name = cmd.spec().name();
    switch (name) {
      case "help" -> {
        String text = p.help().render(cmd, spec -> mayUse(c.caller(), spec));
        return ChatReply.post(privately("iisbot help", Status.INFO, text));
      }
      case "status" -> {
        List<String> hosts = p.hosts().resolve(cmd.target());
        Optional<String> denied = denial(c.caller(), name, hosts);
        if (denied.isPresent()) {
          return ChatReply.post(privately("Not allowed", Status.DENIED, denied.get()));
        }
        List<ChatMessage> out = new ArrayList<>();
        for (String h : hosts) {
          out.add(Messages.status(p.hosts().agent(h).snapshot()));
        }
        return new ChatReply(out, false);
      }
      case "events" -> {
        List<String> hosts = p.hosts().resolve(cmd.target());
        Optional<String> denied = denial(c.caller(), name, hosts);
        if (denied.isPresent()) {
          return ChatReply.post(privately("Not allowed", Status.DENIED, denied.get()));
        }
        Instant until = now();
        Instant since = until.minus(cmd.since() == null ? Duration.ofHours(1) : cmd.since());
        List<ChatMessage> out = new ArrayList<>();
        for (String h : hosts) {
          var events =
              p.hosts()
                  .agent(h)
                  .events(
                      since,
                      until,
                      cmd.level() == null ? io.iisbot.iis.EventLevel.VERBOSE : cmd.level());
          out.add(
              new ChatMessage(
                  h + " events since " + since,
                  Status.INFO,
                  List.of(Messages.events(events.summary())),
                  List.of(),
                  List.of(),
                  false,
                  true));
        }
        return new ChatReply(out, false);
      }
      case "history" -> {
        if (!p.permissions().mayEver(c.caller(), "history")) {
          return ChatReply.post(
              privately(
                  "Not allowed",
                  Status.DENIED,
                  "you may not read the history; ask an iisbot admin for the history permission (your ids: "
                      + c.caller().identities()
                      + ")"));
        }
        HistoryQuery q = HistoryQuery.latest(cmd.limit());
        if (cmd.target() != null) {
          q = q.withHost(cmd.target().display());
        }
        List<String> lines = p.store().history(q).stream().map(Bot::historyLine).toList();
        return ChatReply.post(
            new ChatMessage(
                "History",
                Status.INFO,
                lines.isEmpty() ? List.of("nothing recorded yet") : lines,
                List.of(),
                List.of(),
                true,
                true));
      }
      default -> {
        return ChatReply.post(
            privately(
                "Not available yet", Status.INFO, "Maintenance windows are not available yet."));
      }
    }
  }

  private static String historyLine(AuditEntry e) {
    return e.at()
        + " "
        + e.kind().name().toLowerCase(Locale.ROOT)
        + " "
        + nz(e.user())
        + " "
        + nz(e.action())
        + " "
        + nz(e.host())
        + (e.outcome() == null ? "" : " → " + e.outcome());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  // ---- buttons -------------------------------------------------------------------------------

  @Override
  public ChatReply onAction(ChatAction a) {
    ConfirmToken token;
    try {
      token = p.signer().verify(a.value(), now());
    } catch (TokenSigner.Refused e) {
      return ChatReply.post(privately("Cannot do that", Status.WARNING, e.getMessage()));
    }
    ParsedCommand cmd;
    List<String> hosts;
    try {
      cmd = p.parser().parse(token.command());
      hosts = p.hosts().resolve(cmd.target());
    } catch (UsageException | HostDirectory.Unresolved e) {
      return ChatReply.post(
          privately(
              "Cannot do that",
              Status.WARNING,
              "the command no longer applies: " + e.getMessage()));
    }
    String clicker = a.caller().user().toString();
    String action = cmd.spec().name();
    switch (a.action()) {
      case Messages.CANCEL -> {
        if (!clicker.equals(token.requester()) && denial(a.caller(), action, hosts).isPresent()) {
          return ChatReply.post(
              privately(
                  "Cannot cancel",
                  Status.DENIED,
                  "only "
                      + token.requester()
                      + " or someone allowed to "
                      + action
                      + " these hosts can cancel"));
        }
        Optional<ChatReply> used = useOnce(token);
        if (used.isPresent()) {
          return used.get();
        }
        audit(
            AuditEntry.Kind.CANCELLATION,
            a.platform(),
            a.caller(),
            String.join(",", hosts),
            action,
            null,
            null,
            "cancelled",
            token.command());
        return ChatReply.replace(
            new ChatMessage(
                "Cancelled: " + token.command(),
                Status.INFO,
                List.of("Cancelled by " + a.caller().displayName() + "; nothing was changed."),
                List.of(),
                List.of(),
                false,
                true));
      }
      case Messages.CONFIRM -> {
        if (!clicker.equals(token.requester())) {
          return ChatReply.post(
              privately(
                  "Not yours to confirm",
                  Status.DENIED,
                  "only "
                      + token.requester()
                      + " can confirm this; run the command yourself to act on it"));
        }
        Optional<ChatReply> refused = refuseUnlessAllowed(a.caller(), action, hosts);
        if (refused.isPresent()) {
          return refused.get();
        }
        Optional<ChatReply> used = useOnce(token);
        if (used.isPresent()) {
          return used.get();
        }
        audit(
            AuditEntry.Kind.CONFIRMATION,
            a.platform(),
            a.caller(),
            String.join(",", hosts),
            action,
            null,
            null,
            token.secondApprover() ? "awaiting approval" : "confirmed",
            token.command());
        if (token.secondApprover()) {
          ConfirmToken next =
              new ConfirmToken(
                  newId("c"),
                  token.command(),
                  token.requester(),
                  token.channel(),
                  token.expiresAt(),
                  true,
                  clicker);
          return ChatReply.replace(
              Messages.awaitingApproval(
                  token.command(), a.caller().displayName(), p.signer().sign(next)));
        }
        return ChatReply.replace(start(a, cmd, hosts, token, a.caller().displayName()));
      }
      case Messages.APPROVE -> {
        if (token.approvedBy() == null) {
          return ChatReply.post(
              privately(
                  "Cannot approve",
                  Status.WARNING,
                  "this prompt has not been confirmed by its requester yet"));
        }
        if (clicker.equals(token.requester())) {
          return ChatReply.post(
              privately(
                  "A second person must approve",
                  Status.DENIED,
                  "policy asks for someone other than " + token.requester() + " to approve this"));
        }
        Optional<ChatReply> refused = refuseUnlessAllowed(a.caller(), action, hosts);
        if (refused.isPresent()) {
          return refused.get();
        }
        Optional<ChatReply> used = useOnce(token);
        if (used.isPresent()) {
          return used.get();
        }
        audit(
            AuditEntry.Kind.CONFIRMATION,
            a.platform(),
            a.caller(),
            String.join(",", hosts),
            action,
            null,
            null,
            "approved",
            token.command());
        return ChatReply.replace(start(a, cmd, hosts, token, a.caller().displayName()));
      }
      default -> {
        return ChatReply.post(
            privately("Unknown button", Status.WARNING, "this button is not one iisbot knows"));
      }
    }
  }

  /** Marks the token used; a second use (double click, another replica) is answered, not run. */
  private Optional<ChatReply> useOnce(ConfirmToken token) {
    if (p.store().consumeToken(token.id(), token.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(
        ChatReply.post(
            privately(
                "Already handled",
                Status.INFO,
                "this prompt was already confirmed, approved or cancelled")));
  }

  /** The caller's permission, checked again at the click: a role removed since is refused. */
  private Optional<ChatReply> refuseUnlessAllowed(
      Caller caller, String action, List<String> hosts) {
    return denial(caller, action, hosts)
        .map(why -> ChatReply.post(privately("Not allowed", Status.DENIED, why)));
  }

  // ---- running -------------------------------------------------------------------------------

  /**
   * Starts the operation on the bot's executor and returns the message that replaces the prompt.
   */
  private ChatMessage start(
      ChatAction a, ParsedCommand cmd, List<String> hosts, ConfirmToken token, String confirmer) {
    OperationRequest request = cmd.request();
    String base = "op-" + OP_TIME.format(now()) + "-" + newId("x").substring(2, 8);
    Map<String, String> ids = new LinkedHashMap<>();
    hosts.forEach(h -> ids.put(h, base + "-" + h));
    String ref = a.platform() + "|" + a.channel() + "|" + a.message();
    for (String h : hosts) {
      p.store()
          .recordInFlight(
              new InFlight(
                  ids.get(h),
                  h,
                  cmd.spec().name(),
                  scopeText(request),
                  token.requester(),
                  a.caller().user().toString(),
                  ref,
                  now()));
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
    p.runner()
        .execute(
            () -> {
              FleetResult result;
              try {
                RollingRun run =
                    new RollingRun(p.hosts()::agent, leases(), a.caller().user().toString());
                result =
                    run.run(
                        request,
                        hosts,
                        cmd.batch(),
                        ids,
                        token.requester(),
                        (h, pr) -> {
                          state.put(h, Messages.progressLine(pr));
                          if (pr instanceof io.iisbot.iis.engine.Progress.StepFinished
                              || pr instanceof io.iisbot.iis.engine.Progress.StepFailed) {
                            audit(
                                AuditEntry.Kind.STEP,
                                a.platform(),
                                a.caller(),
                                h,
                                cmd.spec().name(),
                                null,
                                ids.get(h),
                                null,
                                Messages.progressLine(pr));
                          }
                          edits.submit(Messages.progress(token.command(), state));
                        });
              } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                  // The bot is stopping; the agents go on. Leave it in flight for re-attach.
                  LOG.info(() -> "bot stopping during " + base + "; a restart re-attaches to it");
                  return;
                }
                LOG.log(Level.SEVERE, "operation " + base + " failed unexpectedly", e);
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
                LOG.info(() -> "bot stopping during " + base + "; a restart re-attaches to it");
                return;
              }
              for (HostOutcome o : result.hosts()) {
                audit(
                    AuditEntry.Kind.RESULT,
                    a.platform(),
                    a.caller(),
                    o.host(),
                    cmd.spec().name(),
                    scopeText(request),
                    o.operationId(),
                    o.result() == null
                        ? "not run"
                        : o.result().outcome().name().toLowerCase(Locale.ROOT),
                    o.problem() != null ? o.problem() : summary(o.result()));
                p.store().finishInFlight(o.operationId());
              }
              result.notRun().forEach(h -> p.store().finishInFlight(ids.get(h)));
              edits.finish(Messages.result(token.command(), result, token.requester(), confirmer));
            });
    return Messages.progress(token.command(), state);
  }

  /**
   * After a restart: follows every operation the store says was in flight and posts its result in
   * place of its progress message.
   */
  public void reattach() {
    for (InFlight op : p.store().inFlight()) {
      String[] ref = op.messageRef().split("\\|", 3);
      if (ref.length < 3 || !p.sinks().containsKey(ref[0])) {
        LOG.warning(
            "cannot re-attach "
                + op.operationId()
                + ": unknown message reference "
                + op.messageRef());
        continue;
      }
      ChatSink sink = p.sinks().get(ref[0]);
      p.runner()
          .execute(
              () -> {
                try {
                  OperationResult r = p.hosts().agent(op.host()).follow(op.operationId(), x -> {});
                  FleetResult fleet =
                      new FleetResult(
                          List.of(new HostOutcome(op.host(), op.operationId(), r, null)),
                          List.of());
                  sink.update(
                      ref[1],
                      ref[2],
                      Messages.result(
                          op.action() + " " + op.host() + " (re-attached after a bot restart)",
                          fleet,
                          op.requester(),
                          op.confirmer()));
                  audit(
                      AuditEntry.Kind.RESULT,
                      ref[0],
                      null,
                      op.host(),
                      op.action(),
                      op.target(),
                      op.operationId(),
                      r.outcome().name().toLowerCase(Locale.ROOT),
                      "re-attached after a restart");
                } catch (RuntimeException e) {
                  LOG.log(Level.WARNING, "re-attaching " + op.operationId() + " failed", e);
                  sink.update(
                      ref[1],
                      ref[2],
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
                          true));
                } finally {
                  p.store().finishInFlight(op.operationId());
                }
              });
    }
  }

  private Leases leases() {
    return new Leases() {
      @Override
      public Optional<String> acquire(String host, String holder, String operationId) {
        LeaseResult r = p.store().acquireLease(host, holder, operationId, now(), LEASE_TTL);
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

  // ---- helpers -------------------------------------------------------------------------------

  private Optional<String> denial(Caller caller, String action, List<String> hosts) {
    for (String h : hosts) {
      if (p.permissions().check(caller, action, h) instanceof Permissions.Decision.Denied d) {
        return Optional.of(d.message());
      }
    }
    return Optional.empty();
  }

  private boolean mayUse(Caller caller, CommandSpec spec) {
    return spec.name().equals("help") || p.permissions().mayEver(caller, spec.name());
  }

  private Optional<ApprovalPolicy> policy(String action, String host) {
    return p.policies().stream()
        .filter(x -> x.applies(action, host, p.hosts().groupsOf(host)))
        .findFirst();
  }

  private void audit(
      AuditEntry.Kind kind,
      String platform,
      Caller caller,
      String host,
      String action,
      String target,
      String operationId,
      String outcome,
      String detail) {
    try {
      p.store()
          .record(
              new AuditEntry(
                  0,
                  now(),
                  kind,
                  platform,
                  caller == null ? null : caller.user().toString(),
                  host,
                  action,
                  target,
                  operationId,
                  outcome,
                  detail));
    } catch (RuntimeException e) {
      LOG.log(
          Level.SEVERE, "could not write the audit entry " + kind + " " + action + " " + host, e);
    }
  }

  private static String summary(OperationResult r) {
    return r.outcome()
        + " in "
        + io.iisbot.iis.Durations.format(r.duration())
        + "; "
        + r.verification().failures().size()
        + " failed checks, "
        + r.cutRequests().size()
        + " requests cut";
  }

  private static String scopeText(OperationRequest r) {
    return io.iisbot.iis.agent.AgentJson.scopeText(r.scope());
  }

  private static ChatMessage privately(String title, Status status, String... lines) {
    return ChatMessage.privateReply(title, status, List.of(lines));
  }

  private Instant now() {
    return p.clock().instant();
  }

  static String newId(String prefix) {
    byte[] b = new byte[9];
    RANDOM.nextBytes(b);
    return prefix + "-" + java.util.HexFormat.of().formatHex(b);
  }
}
