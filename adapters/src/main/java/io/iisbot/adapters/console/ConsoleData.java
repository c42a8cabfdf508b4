package io.iisbot.adapters.console;

import io.iisbot.adapters.chat.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the console reads besides messages, supplied by the bot: the fleet board and the audit
 * trail, as JSON-ready values, each limited to what the caller may read as chat would limit it.
 * Implementations are thread-safe; a refusal is a {@link ConsoleApi.ApiError} (403) whose message
 * names the permission to ask for.
 */
public interface ConsoleData {

  /**
   * The configured hosts the caller may {@code status}: services, pools, sites, requests,
   * reachability, running operation.
   *
   * @throws ConsoleApi.ApiError 403 when the caller may {@code status} no host
   */
  List<Map<String, Object>> fleet(Caller caller);

  /**
   * Audit entries the caller may read ({@code history} on every host an entry names), newest first.
   *
   * @param filters any of {@code host}, {@code user}, {@code action}, {@code outcome}, {@code
   *     limit}
   * @throws ConsoleApi.ApiError 400 for a bad filter; 403 when the caller may read the history of
   *     no host, or not of the host filtered on
   */
  List<Map<String, Object>> history(Caller caller, Map<String, String> filters);

  /**
   * One operation in detail: per host the steps with timings, the requests left while draining, the
   * verification and the event summary; empty when this bot has no record of it.
   *
   * @throws ConsoleApi.ApiError 403 when the caller may not {@code status} every host of it
   */
  Optional<Map<String, Object>> operation(Caller caller, String id);
}
