package io.iisbot.iis.archfixture;

/** A deliberate violation: iis-control must not use the configuration that now uses it. */
public final class ReachesIntoConfig {
  public String usage() {
    return io.iisbot.config.BotConfig.class.getName();
  }
}
