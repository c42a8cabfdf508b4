package io.iisbot.bot.policy;

import io.iisbot.config.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * The confirmation policies, combined: every policy that matches an action on a host applies, and
 * for each setting the strictest value wins — a second approver if any asks for one, the shortest
 * confirmation timeout, the smallest batch, a reason if any asks for one. Over several hosts, the
 * strictest over all of them. Immutable and thread-safe.
 */
public final class Policies {

  /**
   * What applies to one command.
   *
   * @param names the policies that matched, in configuration order, for messages and the audit
   * @param maxBatch empty when no matching policy limits the batch
   * @param reasonRequiredBy the policies that ask for a {@code --reason}; empty when none does
   */
  public record Effective(
      boolean secondApprover,
      Duration confirmTimeout,
      OptionalInt maxBatch,
      List<String> names,
      List<String> reasonRequiredBy) {
    public Effective {
      names = List.copyOf(names);
      reasonRequiredBy = List.copyOf(reasonRequiredBy);
    }

    /** Whether a policy asks for a {@code --reason}. */
    public boolean requireReason() {
      return !reasonRequiredBy.isEmpty();
    }

    /** The batch to run with: what was asked, or less when a policy says so. */
    public int batch(int asked) {
      return maxBatch.isPresent() ? Math.min(asked, maxBatch.getAsInt()) : asked;
    }
  }

  private final List<Policy> policies;
  private final Duration defaultTimeout;
  private final Function<String, Set<String>> groupsOf;

  /**
   * @param defaultTimeout how long a prompt lives when no policy says
   * @param groupsOf each host's groups, for {@code @group} patterns
   */
  public Policies(
      List<Policy> policies, Duration defaultTimeout, Function<String, Set<String>> groupsOf) {
    this.policies = List.copyOf(policies);
    this.defaultTimeout = defaultTimeout;
    this.groupsOf = groupsOf;
  }

  /** What applies to {@code action} on these hosts. */
  public Effective effective(String action, List<String> hosts) {
    boolean second = false;
    Duration timeout = null;
    OptionalInt batch = OptionalInt.empty();
    Set<String> names = new LinkedHashSet<>();
    List<String> reason = new ArrayList<>();
    for (Policy p : policies) {
      if (hosts.stream().noneMatch(h -> p.appliesTo(action, h, groupsOf.apply(h)))) {
        continue;
      }
      names.add(p.name());
      second |= p.secondApprover();
      if (p.requireReason()) {
        reason.add(p.name());
      }
      if (timeout == null || p.confirmTimeout().compareTo(timeout) < 0) {
        timeout = p.confirmTimeout();
      }
      if (p.maxBatch().isPresent()
          && (batch.isEmpty() || p.maxBatch().getAsInt() < batch.getAsInt())) {
        batch = p.maxBatch();
      }
    }
    return new Effective(
        second, timeout == null ? defaultTimeout : timeout, batch, new ArrayList<>(names), reason);
  }
}
