package io.iisbot.adapters.slack;

import io.iisbot.adapters.chat.ChatPlatform;
import io.iisbot.adapters.chat.ChatPlatformProvider;
import io.iisbot.adapters.chat.PlatformContext;
import io.iisbot.config.BotConfig;
import io.iisbot.config.Secret;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Slack, when the configuration has a {@code slack} section. */
public final class SlackProvider implements ChatPlatformProvider {

  private static final String GROUP = "slack-group:";

  @Override
  public Optional<ChatPlatform> create(PlatformContext ctx) {
    BotConfig config = ctx.config();
    return config
        .slack()
        .map(
            s ->
                new SlackAdapter(
                    ctx.handler(), settings(s, config), ctx.clock(), ctx.executor(), ctx.shared()));
  }

  /** The configured app, and the user groups the roles name (only those are looked up). */
  static SlackSettings settings(BotConfig.Slack s, BotConfig config) {
    Set<String> groups =
        config.roles().stream()
            .flatMap(r -> r.members().stream())
            .filter(m -> m.startsWith(GROUP))
            .map(m -> m.substring(GROUP.length()))
            .collect(Collectors.toSet());
    return new SlackSettings(
        s.signingSecret().map(Secret::bytes),
        s.botToken().text(),
        s.appToken().map(Secret::text),
        s.command(),
        s.apiUrl().map(URI::toString).orElse(SlackSettings.DEFAULT_API_URL),
        groups,
        s.teamId(),
        s.enterpriseId());
  }
}
