package io.iisbot.adapters.discord;

import io.iisbot.adapters.chat.CommandCatalog;
import java.util.Objects;
import java.util.Optional;

/**
 * How the bot talks to Discord.
 *
 * @param botToken the bot's token: the gateway, command registration, channel messages
 * @param publicKey the application's Ed25519 public key (64 hex digits): with it, interactions come
 *     over HTTP ({@code POST /discord/interactions}); without, over the gateway
 * @param applicationId the application's id
 * @param guildId register the command in this server only (at once) instead of globally
 * @param apiUrl the REST base, such as {@code https://discord.com/api/v10/}
 * @param command the command as Discord registers it
 */
public record DiscordSettings(
    String botToken,
    Optional<String> publicKey,
    String applicationId,
    Optional<String> guildId,
    String apiUrl,
    CommandCatalog command) {

  public static final String DEFAULT_API_URL = "https://discord.com/api/v10/";

  public DiscordSettings {
    Objects.requireNonNull(botToken, "botToken");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(guildId, "guildId");
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(command, "command");
    if (!apiUrl.endsWith("/")) {
      apiUrl = apiUrl + "/";
    }
  }

  /** Whether interactions come to our HTTP endpoint rather than over the gateway. */
  public boolean httpMode() {
    return publicKey.isPresent();
  }
}
