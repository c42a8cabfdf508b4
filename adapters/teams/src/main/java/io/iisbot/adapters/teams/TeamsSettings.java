package io.iisbot.adapters.teams;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the bot talks to Teams.
 *
 * @param appId the bot's Microsoft App ID: the audience of Teams' tokens and the client id of the
 *     bot's own
 * @param appPassword the app's client secret
 * @param tenantId the Microsoft Entra tenant the app is registered in
 * @param openIdMetadataUrl where the Bot Framework publishes the keys its tokens are signed with
 * @param tokenUrl where the bot gets its own tokens (client credentials)
 * @param serviceUrl the Bot Connector for conversations no activity has come from yet
 * @param command the command's name as the bot's grammar reads it, without the slash ({@code iis})
 * @param retryBase the first wait before retrying a call the connector refused for now (412, 502,
 *     504, or 429 without Retry-After); doubled at each further attempt
 */
public record TeamsSettings(
    String appId,
    String appPassword,
    String tenantId,
    URI openIdMetadataUrl,
    URI tokenUrl,
    URI serviceUrl,
    String command,
    Duration retryBase) {

  /** How long the bot waits at first before retrying the connector. */
  public static final Duration DEFAULT_RETRY_BASE = Duration.ofMillis(250);

  public TeamsSettings {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(appPassword, "appPassword");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(openIdMetadataUrl, "openIdMetadataUrl");
    Objects.requireNonNull(tokenUrl, "tokenUrl");
    Objects.requireNonNull(serviceUrl, "serviceUrl");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(retryBase, "retryBase");
    if (retryBase.isNegative()) {
      throw new IllegalArgumentException("retryBase must not be negative, was " + retryBase);
    }
  }

  /** The bot's own account in Teams' activities: {@code 28:<appId>}. */
  String botAccountId() {
    return "28:" + appId;
  }

  @Override
  public String toString() {
    return "TeamsSettings[appId="
        + appId
        + ", tenantId="
        + tenantId
        + ", openIdMetadataUrl="
        + openIdMetadataUrl
        + ", tokenUrl="
        + tokenUrl
        + ", serviceUrl="
        + serviceUrl
        + "]";
  }
}
