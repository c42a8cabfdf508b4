package io.iisbot.adapters.chat;

import java.util.Optional;

/**
 * Makes a {@link ChatPlatform} when the configuration asks for it. Each platform module registers
 * one in {@code META-INF/services/io.iisbot.adapters.chat.ChatPlatformProvider}; the bot starts
 * every configured one it finds, so a new platform is one module.
 */
public interface ChatPlatformProvider {

  /**
   * The platform, or empty when its section is not configured.
   *
   * @throws IllegalArgumentException when its settings cannot be used, saying which and why
   */
  Optional<ChatPlatform> create(PlatformContext context);
}
