package io.iisbot.bot.app;

import io.iisbot.adapters.chat.BotData;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.Completions;
import io.iisbot.adapters.chat.Memberships;
import io.iisbot.adapters.chat.PlatformContext;
import io.iisbot.adapters.chat.SharedState;
import io.iisbot.config.BotConfig;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/** What this bot gives each chat platform it makes. */
record Context(
    BotConfig config,
    Clock clock,
    ExecutorService executor,
    ChatHandler handler,
    Memberships memberships,
    CommandCatalog commands,
    Completions completions,
    BotData data,
    SharedState shared,
    Supplier<URI> base)
    implements PlatformContext {

  @Override
  public URI baseUrl() {
    return base.get();
  }
}
