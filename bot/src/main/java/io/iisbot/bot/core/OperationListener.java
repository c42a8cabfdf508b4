package io.iisbot.bot.core;

import io.iisbot.bot.fleet.FleetResult;
import java.util.Map;

/**
 * Told when an operation the bot runs starts and ends, whoever started it and from wherever:
 * announcements, windows and schedules follow operations through this. Called on the operation's
 * thread; a listener that throws is logged and does not stop the operation.
 */
public interface OperationListener {

  /**
   * @param operation the operation's id ({@code op-20260105-090000-1a2b3c}); each host's is it plus
   *     {@code -host}
   * @param perHost each host's operation id
   */
  default void started(String operation, Launch launch, Map<String, String> perHost) {}

  /** The operation ended; {@code result} has every host's outcome. */
  default void finished(String operation, Launch launch, FleetResult result) {}
}
