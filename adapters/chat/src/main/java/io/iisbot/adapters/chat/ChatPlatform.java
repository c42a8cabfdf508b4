package io.iisbot.adapters.chat;

import io.javalin.config.JavalinConfig;
import java.util.Map;
import java.util.Optional;

/**
 * One chat platform the bot talks on (Slack, Discord, the web console, ...): it turns its
 * platform's events into commands and clicks for the bot's {@link ChatHandler}, and posts and edits
 * the bot's messages through its {@link ChatSink}. The core knows platforms only through this
 * contract; each is made by a {@link ChatPlatformProvider} found on the class path. Implementations
 * are thread-safe.
 *
 * <p>Lifecycle: made, then its routes added to the bot's HTTP server, then {@link #start()}ed
 * (connecting a gateway or socket, registering commands) once the server listens, then {@link
 * #close()}d.
 */
public interface ChatPlatform extends AutoCloseable {

  /** The platform's name as messages and the audit record it: {@code slack}, {@code console}. */
  String name();

  /** Where the bot's messages on this platform go. */
  ChatSink sink();

  /**
   * The group and role lookups this platform offers, by the identity kind they answer for ({@code
   * slack} for {@code slack:U…}); none by default.
   */
  default Map<String, Memberships> memberships() {
    return Map.of();
  }

  /** Sign-in links for the web console, when this platform is the console. */
  default Optional<SignInLinks> signInLinks() {
    return Optional.empty();
  }

  /** Adds this platform's routes to the bot's HTTP server being configured (none by default). */
  default void routes(JavalinConfig cfg) {}

  /** Connects (gateway, socket) once the bot's server listens; nothing by default. */
  default void start() {}

  /**
   * Whether the platform can take events now: its gateway or socket connected. True by default, for
   * platforms that only answer the bot's own HTTP routes. {@code GET /readyz} asks it; it answers
   * at once.
   */
  default boolean connected() {
    return true;
  }

  /** Disconnects and stops taking events; pending answers are abandoned. */
  @Override
  void close();
}
