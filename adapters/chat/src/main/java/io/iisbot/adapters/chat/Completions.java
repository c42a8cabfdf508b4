package io.iisbot.adapters.chat;

import java.util.List;

/**
 * Suggestions for autocompleted options, from the bot's inventory and recent snapshots. Must answer
 * at once (Discord waits 3 s): never calls an agent on the caller's thread. Thread-safe.
 */
@FunctionalInterface
public interface Completions {

  /**
   * @param option {@link CommandCatalog#TARGET}, {@link CommandCatalog#POOL} or {@link
   *     CommandCatalog#SITE}
   * @param typed what the user has typed so far
   * @return at most 25 values, best first
   */
  List<String> complete(String option, String typed);
}
