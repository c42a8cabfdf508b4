package io.iisbot.iis.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what a stop or suspend changed, per scope, so that start and resume undo exactly that:
 * the sites and pools it stopped, the services, and the auto-start flags it cleared. The agent
 * keeps one per host; implementations are thread-safe.
 */
public interface SuspensionLedger {

  /** What one stop or suspend changed. */
  record Entry(
      Action action,
      List<String> sites,
      List<String> pools,
      List<String> services,
      List<String> poolsAutoStartCleared,
      List<String> sitesAutoStartCleared,
      List<Integer> workerPids,
      Instant at) {

    public Entry {
      Objects.requireNonNull(action, "action");
      sites = List.copyOf(sites);
      pools = List.copyOf(pools);
      services = List.copyOf(services);
      poolsAutoStartCleared = List.copyOf(poolsAutoStartCleared);
      sitesAutoStartCleared = List.copyOf(sitesAutoStartCleared);
      workerPids = List.copyOf(workerPids);
      Objects.requireNonNull(at, "at");
    }

    public boolean isEmpty() {
      return sites.isEmpty()
          && pools.isEmpty()
          && services.isEmpty()
          && poolsAutoStartCleared.isEmpty()
          && sitesAutoStartCleared.isEmpty();
    }
  }

  void put(String scopeKey, Entry entry);

  Optional<Entry> peek(String scopeKey);

  /** Removes and returns the entry, once it has been undone. */
  Optional<Entry> take(String scopeKey);

  /** A ledger that lives as long as the process. */
  static SuspensionLedger inMemory() {
    Map<String, Entry> map = new ConcurrentHashMap<>();
    return new SuspensionLedger() {
      @Override
      public void put(String scopeKey, Entry entry) {
        map.put(scopeKey, entry);
      }

      @Override
      public Optional<Entry> peek(String scopeKey) {
        return Optional.ofNullable(map.get(scopeKey));
      }

      @Override
      public Optional<Entry> take(String scopeKey) {
        return Optional.ofNullable(map.remove(scopeKey));
      }
    };
  }
}
