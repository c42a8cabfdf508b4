package io.iisbot.adapters.discord.archfixture;

import io.iisbot.adapters.slack.SlackAdapter;

/** Breaks the rule on purpose: one platform's module using another's. */
public final class ReachesIntoSlackAdapter {
  public Class<?> other() {
    return SlackAdapter.class;
  }
}
