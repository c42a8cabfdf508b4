package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the bot's parts share: its parts, and the small checks and formats they all use. */
final class BotContext {

  private static final Logger LOG = LoggerFactory.getLogger(BotContext.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  final Bot.Parts p;

  BotContext(Bot.Parts p) {
    this.p = p;
  }

  Optional<String> denial(Caller caller, String action, List<String> hosts) {
    for (String h : hosts) {
      if (p.permissions().check(caller, action, h) instanceof Permissions.Decision.Denied d) {
        return Optional.of(d.message());
      }
    }
    return Optional.empty();
  }

  boolean mayUse(Caller caller, CommandSpec spec) {
    return spec.name().equals("help") || p.permissions().mayEver(caller, spec.name());
  }

  void audit(
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
      LOG.error("could not write the audit entry {} {} {}", kind, action, host, e);
    }
  }

  static String summary(OperationResult r) {
    return r.outcome()
        + " in "
        + io.iisbot.iis.Durations.format(r.duration())
        + "; "
        + r.verification().failures().size()
        + " failed checks, "
        + r.cutRequests().size()
        + " requests cut";
  }

  static String scopeText(OperationRequest r) {
    return io.iisbot.iis.agent.AgentJson.scopeText(r.scope());
  }

  static ChatMessage privately(String title, Status status, String... lines) {
    return ChatMessage.privateReply(title, status, List.of(lines));
  }

  Instant now() {
    return p.clock().instant();
  }

  static String newId(String prefix) {
    byte[] b = new byte[9];
    RANDOM.nextBytes(b);
    return prefix + "-" + java.util.HexFormat.of().formatHex(b);
  }
}
