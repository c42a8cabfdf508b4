package io.iisbot.adapters.chat;

import io.iisbot.config.BotConfig;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * What the bot gives every platform it makes: the configuration, time and threads, the bot itself,
 * and what platforms show besides messages. Thread-safe.
 */
public interface PlatformContext {

  BotConfig config();

  Clock clock();

  /** Runs the bot's work off a platform's request threads. */
  ExecutorService executor();

  /** The bot: commands and clicks go here (usable once the bot has started). */
  ChatHandler handler();

  /** Every platform's membership lookups, by identity kind; none for a kind no platform knows. */
  Memberships memberships();

  /** The commands, as platforms offer them (Discord's definitions, the console's suggestions). */
  CommandCatalog commands();

  /** Target, pool and site suggestions; answers at once. */
  Completions completions();

  /** The fleet board, the audit trail and operation details, as each caller may read them. */
  BotData data();

  /**
   * Values every replica of the bot sees (button ids, duplicate-delivery keys, console sign-ins),
   * kept in the bot's store.
   */
  SharedState shared();

  /**
   * How people reach the bot's HTTP server: the configured public URL, or the address it listens
   * on. Known once the server listens.
   */
  URI baseUrl();
}
