package io.iisbot.bot.archfixture;

import java.time.Duration;

/** Breaks the rule on purpose: a second duration parser beside {@code io.iisbot.iis.Durations}. */
public final class Durations {

  private Durations() {}

  public static Duration parse(String text) {
    return Duration.ofSeconds(Long.parseLong(text));
  }
}
