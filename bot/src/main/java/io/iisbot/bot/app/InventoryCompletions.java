package io.iisbot.bot.app;

import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.Completions;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.agent.AgentException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Autocompletion from the inventory (hosts, {@code @groups}) and the pool and site names of the
 * hosts' latest snapshots. Answers at once from what it knows; stale snapshots are refreshed in the
 * background, so the next keystroke sees them. Thread-safe.
 */
final class InventoryCompletions implements Completions {

  private static final Logger LOG = LoggerFactory.getLogger(InventoryCompletions.class);

  /** Snapshots older than this are read again (in the background). */
  static final Duration FRESH = Duration.ofMinutes(2);

  static final int MAX = 25;

  private record Names(Set<String> pools, Set<String> sites, Instant at) {}

  private final HostDirectory hosts;
  private final Executor background;
  private final Clock clock;
  private final Map<String, Names> known = new ConcurrentHashMap<>();
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  InventoryCompletions(HostDirectory hosts, Executor background, Clock clock) {
    this.hosts = hosts;
    this.background = background;
    this.clock = clock;
  }

  @Override
  public List<String> complete(String option, String typed) {
    String t = typed == null ? "" : typed.trim().toLowerCase(Locale.ROOT);
    Set<String> candidates = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    if (option.equals(CommandCatalog.TARGET)) {
      candidates.addAll(hosts.names());
      hosts.groupsByHost().values().forEach(gs -> gs.forEach(g -> candidates.add("@" + g)));
    } else if (option.equals(CommandCatalog.POOL) || option.equals(CommandCatalog.SITE)) {
      refreshStale();
      for (Names n : known.values()) {
        candidates.addAll(option.equals(CommandCatalog.POOL) ? n.pools() : n.sites());
      }
    }
    List<String> starts = new ArrayList<>();
    List<String> contains = new ArrayList<>();
    for (String c : candidates) {
      String lc = c.toLowerCase(Locale.ROOT);
      if (lc.startsWith(t) || lc.startsWith("@" + t)) {
        starts.add(c);
      } else if (lc.contains(t)) {
        contains.add(c);
      }
    }
    starts.addAll(contains);
    return List.copyOf(starts.subList(0, Math.min(MAX, starts.size())));
  }

  /** Records what a snapshot taken elsewhere (status, the console's fleet board) showed. */
  void saw(String host, HostSnapshot s) {
    known.put(
        host,
        new Names(
            new TreeSet<>(s.pools().stream().map(p -> p.name()).toList()),
            new TreeSet<>(s.sites().stream().map(x -> x.name()).toList()),
            clock.instant()));
  }

  private void refreshStale() {
    Instant now = clock.instant();
    for (String h : hosts.names()) {
      Names n = known.get(h);
      if ((n == null || n.at().plus(FRESH).isBefore(now)) && refreshing.add(h)) {
        background.execute(
            () -> {
              try {
                saw(h, hosts.agent(h).snapshot());
              } catch (AgentException e) {
                LOG.debug("no snapshot of {} for autocompletion", h, e);
              } finally {
                refreshing.remove(h);
              }
            });
      }
    }
  }
}
