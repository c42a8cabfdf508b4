package io.iisbot.bot.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.bot.confirm.ConfirmToken;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.iis.agent.AgentJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What windows and scheduled runs share: their timers' JSON, the signed values of their buttons,
 * and how times and people are shown in the messages they post later.
 */
final class Later {

  /** How long the buttons of a window's or a schedule's message stay valid. */
  static final Duration BUTTONS_VALID = Duration.ofDays(8);

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);

  /** A click's timer id once its signed value and its place were checked; else the refusal. */
  record Checked(String timerId, ChatReply refusal) {}

  private final TokenSigner signer;
  private final Audit audit;
  private final Clock clock;
  private final ZoneId zone;

  Later(TokenSigner signer, Audit audit, Clock clock, ZoneId zone) {
    this.signer = signer;
    this.audit = audit;
    this.clock = clock;
    this.zone = zone;
  }

  static String json(Object value) {
    try {
      return AgentJson.lenient().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a timer's payload", e);
    }
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return AgentJson.lenient().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a timer's payload cannot be read as " + type, e);
    }
  }

  /** {@code 2026-12-24 03:00 UTC}, in the bot's zone. */
  String time(Instant at) {
    return TIME.format(at.atZone(zone));
  }

  /** A signed button value naming a timer, valid where it is shown. */
  String sign(String timerId, String platform, String channel) {
    return signer.sign(
        new ConfirmToken(timerId, platform, channel, clock.instant().plus(BUTTONS_VALID)));
  }

  /** Checks a click's signed value and that it was clicked where it was shown. */
  Checked check(ChatAction a) {
    ConfirmToken token;
    try {
      token = signer.verify(a.value(), clock.instant());
    } catch (TokenSigner.Refused e) {
      return new Checked(null, refuse("Cannot do that", Status.WARNING, e.getMessage()));
    }
    if (!token.platform().equals(a.platform()) || !token.channel().equals(a.channel())) {
      audit
          .entry(AuditEntry.Kind.DENIAL, a.platform(), a.caller())
          .action(a.action())
          .outcome(AuditEntry.REFUSED)
          .detail(
              "a button of "
                  + token.id()
                  + " shown on "
                  + token.platform()
                  + " channel "
                  + token.channel()
                  + " was clicked on "
                  + a.platform()
                  + " channel "
                  + a.channel())
          .record();
      return new Checked(
          null,
          refuse(
              "Cannot do that",
              Status.DENIED,
              "this button belongs to a message shown elsewhere; use it where it was shown"));
    }
    return new Checked(token.id(), null);
  }

  static ChatReply refuse(String title, Status status, String line) {
    return Replies.privateReply(title, status, line);
  }

  /**
   * Someone as their platform mentions them, so they are notified: Slack and Discord mentions, the
   * name elsewhere.
   */
  static String mention(String identity, String name) {
    Identity id;
    try {
      id = Identity.parse(identity);
    } catch (IllegalArgumentException e) {
      return name;
    }
    return switch (id.kind()) {
      case "slack", "discord" -> "<@" + id.id() + ">";
      default -> name;
    };
  }
}
