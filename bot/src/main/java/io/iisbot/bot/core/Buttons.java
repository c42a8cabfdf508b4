package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.bot.command.ParsedCommand;
import io.iisbot.bot.command.UsageException;
import io.iisbot.bot.confirm.ConfirmToken;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.render.Messages;
import io.iisbot.bot.store.AuditEntry;
import java.util.List;
import java.util.Optional;

/**
 * The prompt's buttons: Confirm (only the requester), Approve (a second, different person where
 * policy asks), Cancel; each token used once, permission checked again at the click.
 */
final class Buttons {

  private final BotContext ctx;
  private final Bot.Parts p;
  private final Runs runs;

  Buttons(BotContext ctx, Runs runs) {
    this.ctx = ctx;
    this.p = ctx.p;
    this.runs = runs;
  }

  ChatReply onAction(ChatAction a) {
    ConfirmToken token;
    try {
      token = p.signer().verify(a.value(), ctx.now());
    } catch (TokenSigner.Refused e) {
      return ChatReply.post(BotContext.privately("Cannot do that", Status.WARNING, e.getMessage()));
    }
    ParsedCommand cmd;
    List<String> hosts;
    try {
      cmd = p.parser().parse(token.command());
      hosts = p.hosts().resolve(cmd.target());
    } catch (UsageException | HostDirectory.Unresolved e) {
      return ChatReply.post(
          BotContext.privately(
              "Cannot do that",
              Status.WARNING,
              "the command no longer applies: " + e.getMessage()));
    }
    String clicker = a.caller().user().toString();
    String action = cmd.spec().name();
    switch (a.action()) {
      case Messages.CANCEL -> {
        if (!clicker.equals(token.requester())
            && ctx.denial(a.caller(), action, hosts).isPresent()) {
          return ChatReply.post(
              BotContext.privately(
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
        ctx.audit(
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
              BotContext.privately(
                  "Not yours to confirm",
                  Status.DENIED,
                  "only "
                      + token.requester()
                      + " can confirm this; run the command yourself to act on it"));
        }
        Optional<ChatReply> refused =
            admit(
                a,
                token,
                action,
                hosts,
                token.secondApprover() ? "awaiting approval" : "confirmed");
        if (refused.isPresent()) {
          return refused.get();
        }
        if (token.secondApprover()) {
          ConfirmToken next =
              new ConfirmToken(
                  BotContext.newId("c"),
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
        return ChatReply.replace(runs.start(a, cmd, hosts, token, a.caller().displayName()));
      }
      case Messages.APPROVE -> {
        if (token.approvedBy() == null) {
          return ChatReply.post(
              BotContext.privately(
                  "Cannot approve",
                  Status.WARNING,
                  "this prompt has not been confirmed by its requester yet"));
        }
        if (clicker.equals(token.requester())) {
          return ChatReply.post(
              BotContext.privately(
                  "A second person must approve",
                  Status.DENIED,
                  "policy asks for someone other than " + token.requester() + " to approve this"));
        }
        Optional<ChatReply> refused = admit(a, token, action, hosts, "approved");
        if (refused.isPresent()) {
          return refused.get();
        }
        return ChatReply.replace(runs.start(a, cmd, hosts, token, a.caller().displayName()));
      }
      default -> {
        return ChatReply.post(
            BotContext.privately(
                "Unknown button", Status.WARNING, "this button is not one iisbot knows"));
      }
    }
  }

  /**
   * The gate of Confirm and Approve: the clicker's permission checked again, the token used once,
   * the confirmation audited. Empty when the click may go on; otherwise the refusal to show.
   */
  private Optional<ChatReply> admit(
      ChatAction a, ConfirmToken token, String action, List<String> hosts, String outcome) {
    Optional<ChatReply> refused = refuseUnlessAllowed(a.caller(), action, hosts);
    if (refused.isEmpty()) {
      refused = useOnce(token);
    }
    if (refused.isEmpty()) {
      ctx.audit(
          AuditEntry.Kind.CONFIRMATION,
          a.platform(),
          a.caller(),
          String.join(",", hosts),
          action,
          null,
          null,
          outcome,
          token.command());
    }
    return refused;
  }

  /** Marks the token used; a second use (double click, another replica) is answered, not run. */
  private Optional<ChatReply> useOnce(ConfirmToken token) {
    if (p.store().consumeToken(token.id(), token.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(
        ChatReply.post(
            BotContext.privately(
                "Already handled",
                Status.INFO,
                "this prompt was already confirmed, approved or cancelled")));
  }

  /** The caller's permission, checked again at the click: a role removed since is refused. */
  private Optional<ChatReply> refuseUnlessAllowed(
      Caller caller, String action, List<String> hosts) {
    return ctx.denial(caller, action, hosts)
        .map(why -> ChatReply.post(BotContext.privately("Not allowed", Status.DENIED, why)));
  }
}
