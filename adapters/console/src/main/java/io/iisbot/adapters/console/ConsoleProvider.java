package io.iisbot.adapters.console;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatPlatform;
import io.iisbot.adapters.chat.ChatPlatformProvider;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.PlatformContext;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigLoader;
import java.util.List;
import java.util.Optional;

/** The web console, unless the configuration turns it off ({@code console.enabled: false}). */
public final class ConsoleProvider implements ChatPlatformProvider {

  @Override
  public Optional<ChatPlatform> create(PlatformContext ctx) {
    BotConfig config = ctx.config();
    if (!config.console().enabled()) {
      return Optional.empty();
    }
    ConsoleChat chat = new ConsoleChat();
    ConsoleSessions sessions =
        new ConsoleSessions(
            ctx.clock(),
            ConsoleSessions.DEFAULT_LINK_TTL,
            config.console().sessionTtl(),
            ctx.shared());
    ConsoleAccess access =
        new ConsoleAccess(
            sessions,
            ctx.memberships(),
            config.demo() ? Optional.of(demoIdentities()) : Optional.empty(),
            // TLS may end at a proxy in front of the bot: an https public URL marks cookies Secure.
            config
                .server()
                .publicUrl()
                .map(u -> "https".equalsIgnoreCase(u.getScheme()))
                .orElse(false));
    ConsoleApi api = new ConsoleApi(ctx.handler(), chat, ctx.data(), ctx.commands(), access);
    return Optional.of(new ConsolePlatform(chat, sessions, api, ctx::baseUrl));
  }

  /** The demo's two admins, so one person can also play the second approver. */
  static ConsoleAccess.Demo demoIdentities() {
    return new ConsoleAccess.Demo(
        List.of(
            new Caller(Identity.parse(ConfigLoader.DEMO_ADMIN), List.of(), "demo"),
            new Caller(Identity.parse(ConfigLoader.DEMO_APPROVER), List.of(), "demo-approver")));
  }
}
