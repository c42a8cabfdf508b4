package io.iisbot.adapters.discord;

import io.iisbot.adapters.chat.ChatPlatform;
import io.iisbot.adapters.chat.ChatPlatformProvider;
import io.iisbot.adapters.chat.PlatformContext;
import io.iisbot.config.BotConfig;
import java.net.URI;
import java.util.Optional;

/** Discord, when the configuration has a {@code discord} section. */
public final class DiscordProvider implements ChatPlatformProvider {

  @Override
  public Optional<ChatPlatform> create(PlatformContext ctx) {
    return ctx.config()
        .discord()
        .map(
            d ->
                new DiscordAdapter(
                    ctx.handler(),
                    settings(d, ctx),
                    ctx.completions(),
                    ctx.clock(),
                    ctx.executor(),
                    ctx.shared()));
  }

  /** The configured application, registering the bot's commands as its registry has them. */
  static DiscordSettings settings(BotConfig.Discord d, PlatformContext ctx) {
    return new DiscordSettings(
        d.botToken().text(),
        d.publicKey(),
        d.applicationId(),
        d.guildId(),
        d.apiUrl().map(URI::toString).orElse(DiscordSettings.DEFAULT_API_URL),
        ctx.commands());
  }
}
