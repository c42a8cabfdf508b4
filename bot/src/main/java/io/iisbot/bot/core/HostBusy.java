package io.iisbot.bot.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What keeps hosts busy, asked when a prompt opens so that it says at once that a host is taken
 * (who, by what, since when) rather than after Confirm and Approve. An operation running on the
 * host is the first such check ({@link RunningOperations}); open maintenance windows and scheduled
 * runs can be others, combined with {@link #all}. Implementations are thread-safe.
 */
@FunctionalInterface
public interface HostBusy {

  /**
   * Why one host is busy.
   *
   * @param host the host
   * @param what what holds it, for people: {@code stop site:Default Web Site}
   * @param by who started it, as a {@link io.iisbot.adapters.chat.Mention} token or a name
   * @param operation the operation's id, or null when there is none (yet)
   * @param since since when
   */
  record Busy(String host, String what, String by, String operation, Instant since) {
    public Busy {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(since, "since");
    }
  }

  /** Which of {@code hosts} are busy now, in the order of {@code hosts}; empty when none is. */
  List<Busy> busy(List<String> hosts);

  /** Nothing is ever busy: for tests and tools without a store. */
  static HostBusy never() {
    return hosts -> List.of();
  }

  /**
   * Busy wherever one of the things {@code items} lists names the host: a window, a scheduled run.
   *
   * @param hostsOf the hosts a thing holds
   * @param busy why a host is busy with it
   */
  static <T> HostBusy whereNamed(
      Supplier<List<T>> items,
      Function<T, List<String>> hostsOf,
      BiFunction<T, String, Busy> busy) {
    return hosts -> {
      List<Busy> out = new ArrayList<>();
      for (T item : items.get()) {
        List<String> held = hostsOf.apply(item);
        hosts.stream().filter(held::contains).forEach(h -> out.add(busy.apply(item, h)));
      }
      return out;
    };
  }

  /** Every check's answers, in the order of the checks. */
  static HostBusy all(List<HostBusy> checks) {
    List<HostBusy> copy = List.copyOf(checks);
    return hosts -> {
      List<Busy> out = new ArrayList<>();
      copy.forEach(c -> out.addAll(c.busy(hosts)));
      return out;
    };
  }
}
