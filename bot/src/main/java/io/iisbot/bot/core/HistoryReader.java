package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.HistoryQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The audit trail as one person may read it, the same in chat and the console: an entry is shown
 * only when the reader may read the {@code history} of every host it names, and an entry naming no
 * host only to someone who may read every host's. Thread-safe.
 */
public final class HistoryReader {

  /** The reader may not read what they asked for; the message says what to ask an admin for. */
  public static final class Denied extends RuntimeException {
    public Denied(String message) {
      super(message);
    }
  }

  /**
   * What to read; null means any. Read as chat reads them, whoever asks: host names in any case,
   * action and outcome words in any case and with {@code -} for {@code _}; the user id exactly.
   *
   * @param hosts only entries naming at least one of these hosts; null for any host
   * @param user only entries by this platform-qualified identity
   * @param action only entries of this action
   * @param outcome only entries with this outcome, one of {@link AuditEntry#OUTCOMES}
   * @param limit at most this many entries, 1 to {@link HistoryQuery#MAX_LIMIT}
   */
  public record Request(Set<String> hosts, String user, String action, String outcome, int limit) {
    public Request {
      hosts = hosts == null ? null : Set.copyOf(hosts);
      user = user == null ? null : user.strip();
      action = action == null ? null : action.strip().toLowerCase(Locale.ROOT);
      outcome = outcome == null ? null : outcome.strip().toLowerCase(Locale.ROOT).replace('-', '_');
      if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
        throw new IllegalArgumentException(
            "the limit must be 1 to " + HistoryQuery.MAX_LIMIT + ", was " + limit);
      }
    }
  }

  private static final String HISTORY = "history";

  private final HostDirectory hosts;
  private final Permissions permissions;
  private final BotStore store;

  public HistoryReader(HostDirectory hosts, Permissions permissions, BotStore store) {
    this.hosts = hosts;
    this.permissions = permissions;
    this.store = store;
  }

  /**
   * The newest entries the reader may see, newest first.
   *
   * @throws Denied when the reader may read no history, or not that of a host they named
   */
  public List<AuditEntry> read(Caller reader, Request r) {
    List<String> readable = hosts.names().stream().filter(h -> allowed(reader, h)).toList();
    if (!permissions.mayEver(reader, HISTORY) || (readable.isEmpty() && !hosts.names().isEmpty())) {
      throw new Denied(
          "you may not read the history: no role grants \"history\" on any host. Ask an iisbot"
              + " admin to add one of your ids to a role that does: "
              + reader.identities().stream()
                  .map(Identity::toString)
                  .collect(Collectors.joining(", ")));
    }
    Set<String> wanted = r.hosts() == null ? null : canonical(r.hosts());
    if (wanted != null) {
      for (String h : wanted) {
        if (permissions.check(reader, HISTORY, h) instanceof Permissions.Decision.Denied d) {
          throw new Denied(d.message());
        }
      }
    }
    boolean everyHost = readable.size() == hosts.names().size();
    Map<String, Boolean> memo = new HashMap<>();
    // The store filters what it can; hosts and readability are judged here, since an entry may
    // name several hosts. Reading the most one query returns keeps a narrow reader's page full.
    boolean narrowed = wanted != null || !everyHost;
    HistoryQuery q =
        new HistoryQuery(
            null,
            r.user(),
            r.action(),
            r.outcome(),
            null,
            narrowed ? HistoryQuery.MAX_LIMIT : r.limit());
    return store.history(q).stream()
        .filter(e -> wanted == null || names(e).stream().anyMatch(wanted::contains))
        .filter(e -> readable(reader, e, everyHost, memo))
        .limit(r.limit())
        .toList();
  }

  /** The configured spelling of each name given in another case; unknown names as given. */
  private Set<String> canonical(Set<String> names) {
    return names.stream()
        .map(
            n ->
                hosts.names().stream()
                    .filter(known -> known.equalsIgnoreCase(n))
                    .findFirst()
                    .orElse(n))
        .collect(Collectors.toSet());
  }

  private boolean readable(
      Caller reader, AuditEntry e, boolean everyHost, Map<String, Boolean> memo) {
    List<String> named = names(e);
    if (named.isEmpty()) {
      return everyHost;
    }
    return named.stream().allMatch(h -> memo.computeIfAbsent(h, x -> allowed(reader, x)));
  }

  private static List<String> names(AuditEntry e) {
    if (e.host() == null || e.host().isBlank()) {
      return List.of();
    }
    return List.of(e.host().split(",")).stream().map(String::strip).toList();
  }

  private boolean allowed(Caller reader, String host) {
    return permissions.check(reader, HISTORY, host).allowed();
  }
}
