package io.iisbot.adapters.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the console reads besides messages, supplied by the bot: the fleet board and the audit
 * trail, as JSON-ready values.
 */
public interface ConsoleData {

  /** Every configured host: services, pools, sites, requests, reachability, running operation. */
  List<Map<String, Object>> fleet();

  /**
   * Audit entries, newest first.
   *
   * @param filters any of {@code host}, {@code user}, {@code action}, {@code outcome}, {@code
   *     limit}
   */
  List<Map<String, Object>> history(Map<String, String> filters);

  /**
   * One operation in detail: per host the steps with timings, the requests left while draining, the
   * verification and the event summary; empty when this bot has no record of it.
   */
  Optional<Map<String, Object>> operation(String id);
}
