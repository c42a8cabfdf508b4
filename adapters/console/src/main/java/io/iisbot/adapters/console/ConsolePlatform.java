package io.iisbot.adapters.console;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatPlatform;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.SignInLinks;
import io.javalin.config.JavalinConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The web console as a chat platform: its page and JSON API on the bot's server, its messages kept
 * for the page's live feed, and the sign-in links {@code /iis console} hands out. Thread-safe.
 */
public final class ConsolePlatform implements ChatPlatform {

  private final ConsoleChat chat;
  private final ConsoleSessions sessions;
  private final ConsoleApi api;
  private final Supplier<URI> baseUrl;

  /**
   * @param baseUrl where people reach the bot, for sign-in links (known once the server listens)
   */
  ConsolePlatform(
      ConsoleChat chat, ConsoleSessions sessions, ConsoleApi api, Supplier<URI> baseUrl) {
    this.chat = chat;
    this.sessions = sessions;
    this.api = api;
    this.baseUrl = baseUrl;
  }

  @Override
  public String name() {
    return ConsoleChat.PLATFORM;
  }

  @Override
  public ChatSink sink() {
    return chat;
  }

  @Override
  public Optional<SignInLinks> signInLinks() {
    return Optional.of(
        new SignInLinks() {
          @Override
          public URI issue(Caller caller) {
            return link(caller);
          }

          @Override
          public Duration validity() {
            return ConsoleSessions.DEFAULT_LINK_TTL;
          }
        });
  }

  /** A single-use link on the bot's base URL that opens a session as the caller. */
  private URI link(Caller caller) {
    String base = baseUrl.get().toString().replaceAll("/+$", "");
    return URI.create(
        base + "/console/signin?t=" + sessions.issueLink(caller.user(), caller.displayName()));
  }

  @Override
  public void routes(JavalinConfig cfg) {
    api.register(cfg);
    new ConsolePage().register(cfg);
  }

  @Override
  public void close() {
    api.close(); // open event streams end now rather than at their next heartbeat
  }
}
