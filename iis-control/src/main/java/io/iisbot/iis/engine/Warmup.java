package io.iisbot.iis.engine;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether and how the engine warms sites up after a start, resume, recycle or reset: a rule per
 * configured site, the standard rule for the others, and the probe that sends the requests.
 *
 * @param enabled false leaves the "warm up" step out of every plan
 * @param rules per-site rules; at most one per site
 * @param within the deadline of the standard rule
 */
public record Warmup(boolean enabled, List<WarmupRule> rules, Duration within, WarmupProbe probe) {

  /**
   * @throws IllegalArgumentException when a site has two rules
   */
  public Warmup {
    rules = List.copyOf(rules);
    Objects.requireNonNull(within, "within");
    Objects.requireNonNull(probe, "probe");
    Set<String> seen = new HashSet<>();
    for (WarmupRule r : rules) {
      if (!seen.add(r.site().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("site \"" + r.site() + "\" has two warm-up rules");
      }
    }
  }

  /** No warm-up: plans end with their own verification. */
  public static Warmup off() {
    return new Warmup(false, List.of(), WarmupRule.DEFAULT_WITHIN, WarmupProbe.http());
  }

  /** Every started site on its first http binding, any status below 500 within 60 s. */
  public static Warmup standard() {
    return of(List.of());
  }

  /** The standard warm-up with these per-site rules. */
  public static Warmup of(List<WarmupRule> rules) {
    return new Warmup(true, rules, WarmupRule.DEFAULT_WITHIN, WarmupProbe.http());
  }

  public Warmup withProbe(WarmupProbe p) {
    return new Warmup(enabled, rules, within, p);
  }

  /** The rule for a site: its own, or the standard one. */
  WarmupRule ruleFor(String site) {
    Optional<WarmupRule> own =
        rules.stream().filter(r -> r.site().equalsIgnoreCase(site)).findFirst();
    return own.orElseGet(() -> WarmupRule.standard(site, within));
  }
}
