package io.iisbot.adapters.teams;

import io.iisbot.adapters.chat.ChatPlatform;
import io.iisbot.adapters.chat.ChatPlatformProvider;
import io.iisbot.adapters.chat.PlatformContext;
import io.iisbot.config.BotConfig;
import java.util.Optional;

/** Microsoft Teams, when the configuration has a {@code teams} section. */
public final class TeamsProvider implements ChatPlatformProvider {

  @Override
  public Optional<ChatPlatform> create(PlatformContext ctx) {
    return ctx.config().teams().map(t -> new TeamsAdapter(settings(t, ctx), ctx));
  }

  static TeamsSettings settings(BotConfig.Teams t, PlatformContext ctx) {
    return new TeamsSettings(
        t.appId(),
        t.appPassword().text(),
        t.tenantId(),
        t.openIdMetadataUrl(),
        t.tokenUrl(),
        t.serviceUrl(),
        ctx.commands().name(),
        TeamsSettings.DEFAULT_RETRY_BASE);
  }
}
