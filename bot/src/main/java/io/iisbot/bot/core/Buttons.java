package io.iisbot.bot.core;

import static io.iisbot.bot.store.AuditEntry.APPROVED;
import static io.iisbot.bot.store.AuditEntry.AWAITING_APPROVAL;
import static io.iisbot.bot.store.AuditEntry.CANCELLED;
import static io.iisbot.bot.store.AuditEntry.CHANGED;
import static io.iisbot.bot.store.AuditEntry.CONFIRMED;
import static io.iisbot.bot.store.AuditEntry.DENIED;
import static io.iisbot.bot.store.AuditEntry.REFUSED;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Mention;
import io.iisbot.bot.command.At;
import io.iisbot.bot.command.CommandParser;
import io.iisbot.bot.command.ParsedCommand;
import io.iisbot.bot.command.UsageException;
import io.iisbot.bot.confirm.ConfirmToken;
import io.iisbot.bot.confirm.Pinned;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.lb.BalancerException;
import io.iisbot.bot.lb.Balancing;
import io.iisbot.bot.policy.People;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.render.Messages;
import io.iisbot.bot.render.PromptMessages;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.Prompt;
import io.iisbot.bot.store.Prompt.State;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The prompt's buttons: Confirm (only the person who asked), Approve (a second, different person
 * where policy asks), Cancel. Each click is checked against the prompt in the store: shown on this
 * platform, in this channel and on this message; moved on once; the clicker's permission checked
 * again with their memberships as of now; and the command worked out again, so that what runs is
 * what was confirmed.
 */
final class Buttons implements ClickHandler {

  /** What one button of a prompt does once its token, prompt and place have been checked. */
  @FunctionalInterface
  private interface PromptButton {
    ChatReply click(ChatAction a, Prompt prompt, Pinned pinned);
  }

  private final TokenSigner signer;
  private final BotStore store;
  private final People people;
  private final Permissions permissions;
  private final CommandParser parser;
  private final Prompts prompts;
  private final Runs runs;
  private final Schedules schedules;
  private final Audit audit;
  private final Clock clock;
  private final Map<String, PromptButton> byAction;

  Buttons(
      TokenSigner signer,
      BotStore store,
      People people,
      Permissions permissions,
      CommandParser parser,
      Prompts prompts,
      Runs runs,
      Schedules schedules,
      Audit audit,
      Clock clock) {
    this.signer = signer;
    this.store = store;
    this.people = people;
    this.permissions = permissions;
    this.parser = parser;
    this.prompts = prompts;
    this.runs = runs;
    this.schedules = schedules;
    this.audit = audit;
    this.clock = clock;
    this.byAction =
        Map.of(
            Messages.CONFIRM, this::confirm,
            Messages.APPROVE, this::approve,
            Messages.CANCEL, this::cancel);
  }

  @Override
  public Set<String> actions() {
    return byAction.keySet();
  }

  @Override
  public ChatReply click(ChatAction a) {
    ConfirmToken token;
    try {
      token = signer.verify(a.value(), clock.instant());
    } catch (TokenSigner.Refused e) {
      return refuse("Cannot do that", Status.WARNING, e.getMessage());
    }
    if (!token.platform().equals(a.platform()) || !token.channel().equals(a.channel())) {
      return misplaced(a, token.id(), token.platform() + " channel " + token.channel());
    }
    Optional<Prompt> stored = store.prompt(token.id());
    if (stored.isEmpty()) {
      return refuse(
          "Cannot do that",
          Status.WARNING,
          "this prompt is no longer known (it expired); run the command again");
    }
    Prompt prompt = stored.get();
    if (prompt.messageRef() != null && !prompt.messageRef().equals(a.message())) {
      return misplaced(a, prompt.id(), "another message");
    }
    return byAction.get(a.action()).click(a, prompt, Pinned.fromJson(prompt.pinned()));
  }

  private ChatReply cancel(ChatAction a, Prompt prompt, Pinned pinned) {
    if (!samePerson(a.caller(), prompt)
        && permissions.denial(a.caller(), pinned.verb(), pinned.hosts()).isPresent()) {
      return refuse(
          "Cannot cancel",
          Status.DENIED,
          "only "
              + pinned.requesterName()
              + " or someone allowed to "
              + pinned.verb()
              + " these hosts can cancel");
    }
    if (!advance(prompt, Set.of(State.PENDING, State.CONFIRMED), State.CANCELLED, a)) {
      return alreadyHandled();
    }
    audit(a, AuditEntry.Kind.CANCELLATION, pinned, CANCELLED, "cancelled " + who(a.caller()));
    return ChatReply.replace(
        new ChatMessage(
            "Cancelled: " + pinned.command(),
            Status.INFO,
            List.of("Cancelled by " + person(a.caller()) + "; nothing was changed."),
            List.of(),
            List.of(),
            false,
            true));
  }

  private ChatReply confirm(ChatAction a, Prompt prompt, Pinned pinned) {
    if (!samePerson(a.caller(), prompt)) {
      return refuse(
          "Not yours to confirm",
          Status.DENIED,
          "only "
              + pinned.requesterName()
              + " can confirm this; run the command yourself to act on it");
    }
    if (prompt.state() == State.CONFIRMED) {
      return refuse(
          "Already confirmed",
          Status.INFO,
          "you confirmed this already; a second person must approve it now");
    }
    if (prompt.state() != State.PENDING) {
      return alreadyHandled();
    }
    Optional<ChatReply> refused = allowedAndUnchanged(a, prompt, pinned);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (pinned.secondApprover()) {
      if (!advance(prompt, Set.of(State.PENDING), State.CONFIRMED, a)) {
        return alreadyHandled();
      }
      audit(
          a,
          AuditEntry.Kind.CONFIRMATION,
          pinned,
          AWAITING_APPROVAL,
          "confirmed " + who(a.caller()));
      return ChatReply.replace(
          PromptMessages.awaitingApproval(pinned, person(a.caller()), a.value()));
    }
    if (!advance(prompt, Set.of(State.PENDING), State.STARTED, a)) {
      return alreadyHandled();
    }
    audit(a, AuditEntry.Kind.CONFIRMATION, pinned, CONFIRMED, "confirmed " + who(a.caller()));
    return ChatReply.replace(begin(launch(a, prompt, pinned, null)));
  }

  private ChatReply approve(ChatAction a, Prompt prompt, Pinned pinned) {
    if (prompt.state() == State.PENDING) {
      return refuse(
          "Cannot approve",
          Status.WARNING,
          "this prompt has not been confirmed by its requester yet");
    }
    if (prompt.state() != State.CONFIRMED) {
      return alreadyHandled();
    }
    if (samePerson(a.caller(), prompt)) {
      return refuse(
          "A second person must approve",
          Status.DENIED,
          "you asked for this (as "
              + prompt.requesterKey()
              + "); policy "
              + String.join(", ", pinned.policies())
              + " needs someone else to approve it");
    }
    Optional<String> unknown = unlinkedOnAnotherPlatform(a.caller(), prompt);
    if (unknown.isPresent()) {
      audit(a, AuditEntry.Kind.DENIAL, pinned, REFUSED, "approval refused: " + unknown.get());
      return refuse("Cannot approve from here", Status.DENIED, unknown.get());
    }
    Optional<ChatReply> refused = allowedAndUnchanged(a, prompt, pinned);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (!advance(prompt, Set.of(State.CONFIRMED), State.STARTED, a)) {
      return alreadyHandled();
    }
    audit(
        a,
        AuditEntry.Kind.CONFIRMATION,
        pinned,
        APPROVED,
        "approved "
            + who(a.caller())
            + "; requested by "
            + prompt.requester()
            + " ("
            + prompt.requesterKey()
            + "), confirmed by "
            + prompt.confirmedBy());
    return ChatReply.replace(begin(launch(a, prompt, pinned, person(a.caller()))));
  }

  /**
   * The gate before anything runs: the clicker's permission as of now, and the command worked out
   * again. A change runs nothing: the prompt is replaced in place by a fresh one saying what
   * changed.
   */
  private Optional<ChatReply> allowedAndUnchanged(ChatAction a, Prompt prompt, Pinned pinned) {
    Optional<String> denied = permissions.denial(a.caller(), pinned.verb(), pinned.hosts());
    if (denied.isPresent()) {
      audit(a, AuditEntry.Kind.DENIAL, pinned, DENIED, denied.get());
      return Optional.of(refuse("Not allowed", Status.DENIED, denied.get()));
    }
    Prompts.Worked now;
    try {
      ParsedCommand cmd = parser.parse(pinned.command());
      now = prompts.workOut(pinned.command(), cmd, pinned.requesterName());
    } catch (UsageException
        | HostDirectory.Unresolved
        | Previews.Refused
        | Prompts.ReasonRequired
        | At.NotAhead
        | Balancing.CapacityRefused
        | BalancerException e) {
      return Optional.of(
          refuse(
              "Cannot do that",
              Status.WARNING,
              "the command no longer applies, so nothing ran: " + e.getMessage()));
    }
    List<String> changes = pinned.changesTo(now.pinned());
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    if (!advance(prompt, Set.of(State.PENDING, State.CONFIRMED), State.REPLACED, a)) {
      return Optional.of(alreadyHandled());
    }
    audit(
        a,
        AuditEntry.Kind.CONFIRMATION,
        pinned,
        CHANGED,
        "nothing ran, the command changed since it was shown: " + String.join("; ", changes));
    return Optional.of(
        ChatReply.replace(
            prompts.open(
                prompt.platform(),
                prompt.channel(),
                a.message(),
                Identity.parse(prompt.requester()),
                now,
                changes)));
  }

  /** Runs what was confirmed now, or keeps it for its {@code --at}. */
  private ChatMessage begin(Launch l) {
    return l.pinned().at() != null ? schedules.schedule(l) : runs.start(l);
  }

  /** What runs after this click, replacing the prompt it was made on. */
  private static Launch launch(ChatAction a, Prompt prompt, Pinned pinned, String approver) {
    return new Launch(
        a.platform(), a.channel(), a.message(), a.caller(), prompt.requester(), pinned, approver);
  }

  /** Whether the clicker is the person (or, for an account on no list, the account) who asked. */
  private boolean samePerson(Caller clicker, Prompt prompt) {
    return people.key(clicker.user()).equals(prompt.requesterKey());
  }

  /**
   * An approval from an account on no person's list might be the requester's own account on another
   * platform; it counts only on the requester's platform, where accounts are one per person.
   */
  private Optional<String> unlinkedOnAnotherPlatform(Caller approver, Prompt prompt) {
    Identity requester = Identity.parse(prompt.requester());
    if (people.known(approver.user())
        || People.platformOf(approver.user()).equals(People.platformOf(requester))) {
      return Optional.empty();
    }
    return Optional.of(
        "approvals from another platform than the requester's ("
            + People.platformOf(requester)
            + ") count only from accounts listed under people in the configuration, so iisbot can"
            + " tell they belong to someone else; approve from "
            + People.platformOf(requester)
            + ", or ask an iisbot admin to list "
            + approver.user()
            + " under your name");
  }

  private boolean advance(Prompt prompt, Set<State> from, State to, ChatAction a) {
    return store.advancePrompt(
        prompt.id(), from, to, a.message(), a.caller().user().toString(), clock.instant());
  }

  /** A button used somewhere it was not shown: refused, and recorded. */
  private ChatReply misplaced(ChatAction a, String promptId, String shownOn) {
    audit
        .entry(AuditEntry.Kind.DENIAL, a.platform(), a.caller())
        .action(a.action())
        .outcome(REFUSED)
        .detail(
            "a button of prompt "
                + promptId
                + " (shown on "
                + shownOn
                + ") was clicked on "
                + a.platform()
                + " channel "
                + a.channel()
                + " message "
                + a.message())
        .record();
    return refuse(
        "Cannot do that",
        Status.DENIED,
        "this button belongs to a prompt shown elsewhere; use the prompt where it was shown, or run"
            + " the command here");
  }

  private void audit(
      ChatAction a, AuditEntry.Kind kind, Pinned pinned, String outcome, String detail) {
    audit
        .entry(kind, a.platform(), a.caller())
        .hosts(pinned.hosts())
        .action(pinned.verb())
        .target(pinned.scopeText())
        .outcome(outcome)
        .detail(detail + ": " + pinned.command())
        .record();
  }

  /** Every account involved in a click, for the audit: {@code slack:U1 (person:alice)}. */
  private String who(Caller c) {
    String key = people.key(c.user());
    return "by " + c.user() + (key.equals(c.user().toString()) ? "" : " (" + key + ")");
  }

  /** A person in a message, shown as their platform shows people. */
  private static String person(Caller c) {
    return Mention.of(c).token();
  }

  private static ChatReply alreadyHandled() {
    return refuse(
        "Already handled",
        Status.INFO,
        "this prompt was already confirmed, approved, replaced or cancelled, or it expired");
  }

  private static ChatReply refuse(String title, Status status, String line) {
    return Replies.privateReply(title, status, line);
  }
}
