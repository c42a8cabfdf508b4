package io.iisbot.bot.archfixture;

/** Breaks the rule on purpose: logs through java.util.logging instead of the SLF4J API. */
public final class LogsThroughJul {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(LogsThroughJul.class.getName());

  public void say() {
    LOG.info("hello");
  }
}
