package io.iisbot.bot.core;

import io.iisbot.bot.store.AuditEntry;

/**
 * Told what the bot does, for its metrics: each command with its verb and how it was answered, and
 * each audit entry as it is recorded (confirmations, results). The core names no metrics library;
 * the application hangs its meters on this. Implementations are thread-safe, return at once and
 * never throw (a failure is logged and ignored).
 */
public interface Telemetry {

  /** Tells nothing. */
  Telemetry NONE = new Telemetry() {};

  /**
   * A command was answered.
   *
   * @param verb the command's name in the registry, or {@link #UNPARSED}
   * @param outcome how: the reply's status in lower case ({@code pending} for a prompt), {@code
   *     usage}, {@code unknown_target}, {@code agent_error} or {@code error}
   */
  default void command(String verb, String outcome) {}

  /**
   * The bot answered a command or a click on this platform after {@code took}: the part of the
   * platform's acknowledgement that is the bot's to decide.
   */
  default void answered(String platform, java.time.Duration took) {}

  /** An audit entry was recorded. */
  default void audited(AuditEntry entry) {}

  /** The verb of a command that could not be parsed. */
  String UNPARSED = "unparsed";
}
