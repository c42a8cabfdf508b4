package io.iisbot.bot.archfixture;

import io.iisbot.adapters.slack.SlackAdapter;

/** Breaks the rule on purpose: core code naming a platform instead of the chat contract. */
public final class NamesSlack {
  public String platform() {
    return SlackAdapter.PLATFORM + SlackAdapter.class.getName();
  }
}
