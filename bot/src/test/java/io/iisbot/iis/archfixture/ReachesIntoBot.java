package io.iisbot.iis.archfixture;

/** A deliberate violation, used only to prove the architecture rule fails on one. */
public final class ReachesIntoBot {
  public String usage() {
    return io.iisbot.bot.Main.class.getName();
  }
}
