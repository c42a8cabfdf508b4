package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.bot.confirm.ConfirmToken;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.render.ControlMessages;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.ControlRequest;
import io.iisbot.bot.store.InFlight;
import io.iisbot.bot.store.StoreException;
import io.iisbot.iis.agent.AgentException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The buttons of a running operation (Abort, Pause, Continue) and Undo on a finished one. Each
 * click checks the signed value, that it was clicked where it was shown, and the clicker's
 * permission for the operation's action on its hosts, and is audited once, where it landed. On an
 * operation another replica runs, Pause, Continue and Abort are kept in the store for that replica
 * (it applies them at its next beat), and Abort also goes straight to the agents, so it works for
 * an operation a bot before a restart started. Undo opens the inverse command's normal prompt,
 * requested by the clicker.
 */
final class OperationButtons implements ClickHandler {

  private final TokenSigner signer;
  private final BotStore store;
  private final Permissions permissions;
  private final HostDirectory hosts;
  private final Runs runs;
  private final Audit audit;
  private final Clock clock;
  private final String commandName;
  private final Function<ChatCommand, ChatReply> commands;

  /**
   * @param commands runs a command as if the clicker had typed it (Undo's inverse command)
   */
  OperationButtons(
      TokenSigner signer,
      BotStore store,
      Permissions permissions,
      HostDirectory hosts,
      Runs runs,
      Audit audit,
      Clock clock,
      String commandName,
      Function<ChatCommand, ChatReply> commands) {
    this.signer = signer;
    this.store = store;
    this.permissions = permissions;
    this.hosts = hosts;
    this.runs = runs;
    this.audit = audit;
    this.clock = clock;
    this.commandName = commandName;
    this.commands = commands;
  }

  @Override
  public Set<String> actions() {
    return Set.of(
        ControlMessages.ABORT,
        ControlMessages.PAUSE,
        ControlMessages.CONTINUE,
        ControlMessages.UNDO);
  }

  @Override
  public ChatReply click(ChatAction a) {
    ConfirmToken token;
    try {
      token = signer.verify(a.value(), clock.instant());
    } catch (TokenSigner.Refused e) {
      return Replies.privateReply("Cannot do that", Status.WARNING, e.getMessage());
    }
    if (!token.platform().equals(a.platform()) || !token.channel().equals(a.channel())) {
      audit
          .entry(AuditEntry.Kind.DENIAL, a.platform(), a.caller())
          .action(a.action())
          .outcome(AuditEntry.REFUSED)
          .detail("a button shown on " + token.platform() + " channel " + token.channel())
          .record();
      return Replies.privateReply(
          "Cannot do that",
          Status.DENIED,
          "this button belongs to a message shown elsewhere; use it where it was shown");
    }
    boolean undo = a.action().equals(ControlMessages.UNDO);
    String prefix = undo ? Runs.UNDO_TOKEN : Runs.OP_TOKEN;
    if (!token.id().startsWith(prefix)) {
      return Replies.privateReply(
          "Cannot do that", Status.WARNING, "this button is not one iisbot knows");
    }
    String subject = token.id().substring(prefix.length());
    if (undo) {
      return undo(a, subject);
    }
    return control(a, subject);
  }

  /** Abort, Pause or Continue of operation {@code op}. */
  private ChatReply control(ChatAction a, String op) {
    Optional<Runs.Active> running = runs.active(op);
    String verb;
    List<String> names;
    List<InFlight> elsewhere = List.of();
    if (running.isPresent()) {
      verb = running.get().launch().pinned().verb();
      names = running.get().launch().pinned().hosts();
    } else {
      elsewhere =
          store.inFlight().stream().filter(f -> f.operationId().startsWith(op + "-")).toList();
      if (elsewhere.isEmpty()) {
        return Replies.privateReply(
            "Already finished", Status.INFO, "operation " + op + " is no longer running");
      }
      verb = elsewhere.get(0).action();
      names = elsewhere.stream().map(InFlight::host).toList();
    }
    Optional<String> denied = permissions.denial(a.caller(), verb, names);
    if (denied.isPresent()) {
      audit
          .entry(AuditEntry.Kind.DENIAL, a.platform(), a.caller())
          .hosts(names)
          .action(verb)
          .operation(op)
          .outcome(AuditEntry.DENIED)
          .detail(a.action() + " refused: " + denied.get())
          .record();
      return Replies.notAllowed(denied.get());
    }
    String who = a.caller().displayName();
    if (a.action().equals(ControlMessages.ABORT)) {
      return abort(a, op, verb, names, running, elsewhere);
    }
    if (running.isEmpty()) {
      return passOn(a, op, verb, names, elsewhere);
    }
    boolean done =
        a.action().equals(ControlMessages.PAUSE)
            ? running.get().control().pause(who)
            : running.get().control().proceed();
    if (!done) {
      return Replies.privateReply(
          "Nothing to do",
          Status.INFO,
          a.action().equals(ControlMessages.PAUSE)
              ? "operation " + op + " is paused, aborted or finished already"
              : "operation " + op + " is not paused or held");
    }
    audit
        .entry(AuditEntry.Kind.NOTICE, a.platform(), a.caller())
        .hosts(names)
        .action(verb)
        .operation(op)
        .detail(
            (a.action().equals(ControlMessages.PAUSE) ? "paused" : "continued")
                + " by "
                + a.caller().user())
        .record();
    return Replies.privateReply(
        a.action().equals(ControlMessages.PAUSE) ? "Pausing" : "Continuing",
        Status.INFO,
        a.action().equals(ControlMessages.PAUSE)
            ? "no new batch of " + op + " starts until someone presses Continue"
            : op + " goes on with its next batch");
  }

  /**
   * Pause or Continue of an operation another replica runs: kept in the store for that replica,
   * which applies it at its next beat and updates the message itself. Audited here, once.
   */
  private ChatReply passOn(
      ChatAction a, String op, String verb, List<String> names, List<InFlight> elsewhere) {
    boolean pause = a.action().equals(ControlMessages.PAUSE);
    if (elsewhere.stream().allMatch(f -> runs.replica().equals(f.owner()))) {
      // Taken over here after its replica died: each host is followed to its end, no batches left.
      return Replies.privateReply(
          "Cannot do that",
          Status.WARNING,
          op
              + " was taken over after a bot restart and runs each host to its end; only Abort"
              + " works for it now");
    }
    store.requestControl(
        new ControlRequest(op, a.action(), a.caller().displayName(), clock.instant()));
    audit
        .entry(AuditEntry.Kind.NOTICE, a.platform(), a.caller())
        .hosts(names)
        .action(verb)
        .operation(op)
        .detail(
            (pause ? "paused" : "continued")
                + " by "
                + a.caller().user()
                + " (passed on to the replica running it)")
        .record();
    return Replies.privateReply(
        pause ? "Pausing" : "Continuing",
        Status.INFO,
        pause
            ? "Pause asked; the replica running it pauses after the current batch"
            : "Continue asked; the replica running it goes on within a few seconds");
  }

  private ChatReply abort(
      ChatAction a,
      String op,
      String verb,
      List<String> names,
      Optional<Runs.Active> running,
      List<InFlight> elsewhere) {
    String by = a.caller().user().toString();
    List<String> lines = new ArrayList<>();
    if (running.isPresent()) {
      if (!running.get().control().abort(a.caller().displayName())) {
        return Replies.privateReply(
            "Already aborting", Status.INFO, "operation " + op + " is being aborted already");
      }
      lines.add(
          "the hosts running "
              + op
              + " stop at their next safe point and undo what they changed; no other host starts");
    } else {
      try {
        // The replica running it (if alive) stops its rollout: no other host starts.
        store.requestControl(
            new ControlRequest(op, a.action(), a.caller().displayName(), clock.instant()));
      } catch (StoreException e) {
        // The agents below still stop; only hosts not started yet may start later.
        lines.add(
            "store down: the replica running it was not told; hosts not started may still start");
      }
      // The agents stop at once, whichever replica follows them.
      for (InFlight f : elsewhere) {
        try {
          hosts.agent(f.host()).abort(f.operationId(), by);
          lines.add(f.host() + ": asked to abort " + f.operationId());
        } catch (AgentException.NotFound e) {
          lines.add(f.host() + ": not started; it will not start");
        } catch (AgentException | HostDirectory.Unresolved e) {
          lines.add(f.host() + ": could not ask to abort: " + e.getMessage());
        }
      }
    }
    audit
        .entry(AuditEntry.Kind.CANCELLATION, a.platform(), a.caller())
        .hosts(names)
        .action(verb)
        .operation(op)
        .outcome(AuditEntry.CANCELLED)
        .detail("abort of " + op + " asked by " + by)
        .record();
    return Replies.privateReply("Aborting", Status.INFO, lines.toArray(String[]::new));
  }

  /** Undo: the inverse command's prompt, as if the clicker had typed it here. */
  private ChatReply undo(ChatAction a, String inverse) {
    return commands.apply(
        new ChatCommand(a.platform(), a.caller(), a.channel(), commandName + " " + inverse));
  }
}
