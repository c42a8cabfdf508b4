package io.iisbot.adapters.chat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a platform may show besides messages, supplied by the bot: the fleet board, the audit trail
 * and one operation's details, as JSON-ready values, each limited to what the caller may read as
 * chat would limit it. The web console shows all three. Implementations are thread-safe.
 */
public interface BotData {

  /** The caller may not read this; the message names the permission to ask an admin for. */
  final class Forbidden extends RuntimeException {
    public Forbidden(String message) {
      super(message);
    }
  }

  /** A filter or limit the bot cannot use; the message says what it takes. */
  final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
      super(message);
    }
  }

  /**
   * The configured hosts the caller may {@code status}: services, pools, sites, requests,
   * reachability, running operation.
   *
   * @throws Forbidden when the caller may {@code status} no host
   */
  List<Map<String, Object>> fleet(Caller caller);

  /**
   * Audit entries the caller may read ({@code history} on every host an entry names), newest first.
   *
   * @param filters any of {@code host}, {@code user}, {@code action}, {@code outcome}, {@code
   *     limit}
   * @throws BadRequest for a bad filter
   * @throws Forbidden when the caller may read the history of no host, or not of the host filtered
   *     on
   */
  List<Map<String, Object>> history(Caller caller, Map<String, String> filters);

  /**
   * One operation in detail: per host the steps with timings, the requests left while draining, the
   * verification and the event summary; empty when this bot has no record of it.
   *
   * @throws Forbidden when the caller may not {@code status} every host of it
   */
  Optional<Map<String, Object>> operation(Caller caller, String id);
}
