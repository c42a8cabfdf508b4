package io.iisbot.bot.store;

import java.time.Instant;

/**
 * Which audit entries {@link BotStore#history} returns. Each filter is exact and null means "any".
 *
 * @param host only entries for this host
 * @param user only entries by this platform-qualified identity
 * @param action only entries for this action
 * @param outcome only entries with this outcome
 * @param since only entries at or after this instant
 * @param limit at most this many entries, 1 to {@value #MAX_LIMIT}
 */
public record HistoryQuery(
    String host, String user, String action, String outcome, Instant since, int limit) {

  /** The most entries one query returns. */
  public static final int MAX_LIMIT = 500;

  public HistoryQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "history limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  /** The newest {@code limit} entries, unfiltered. */
  public static HistoryQuery latest(int limit) {
    return new HistoryQuery(null, null, null, null, null, limit);
  }

  public HistoryQuery withHost(String value) {
    return new HistoryQuery(value, user, action, outcome, since, limit);
  }

  public HistoryQuery withUser(String value) {
    return new HistoryQuery(host, value, action, outcome, since, limit);
  }

  public HistoryQuery withAction(String value) {
    return new HistoryQuery(host, user, value, outcome, since, limit);
  }

  public HistoryQuery withOutcome(String value) {
    return new HistoryQuery(host, user, action, value, since, limit);
  }

  public HistoryQuery withSince(Instant value) {
    return new HistoryQuery(host, user, action, outcome, value, limit);
  }
}
