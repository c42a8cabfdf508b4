package io.iisbot.adapters.slack.archfixture;

import net.dv8tion.jda.api.JDA;

/** Breaks the rule on purpose: the Slack module using Discord's SDK. */
public final class UsesJda {
  public Class<?> sdk() {
    return JDA.class;
  }
}
