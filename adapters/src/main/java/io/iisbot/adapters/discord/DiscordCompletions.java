package io.iisbot.adapters.discord;

import java.util.List;

/**
 * Suggestions for autocompleted options, from the bot's inventory and recent snapshots. Must answer
 * at once (Discord waits 3 s): never calls an agent on the caller's thread. Thread-safe.
 */
@FunctionalInterface
public interface DiscordCompletions {

  /**
   * @param option {@link SlashCommand#TARGET}, {@link SlashCommand#POOL} or {@link
   *     SlashCommand#SITE}
   * @param typed what the user has typed so far
   * @return at most 25 values, best first
   */
  List<String> complete(String option, String typed);
}
