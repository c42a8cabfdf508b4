package io.iisbot.adapters.slack;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the bot talks to Slack.
 *
 * @param signingSecret checks requests to {@code POST /slack/events} (HTTP mode)
 * @param botToken the bot user's OAuth token ({@code xoxb-…})
 * @param appToken an app-level token ({@code xapp-…}): Socket Mode instead of HTTP
 * @param command the slash command the app declares, such as {@code /iis}
 * @param apiUrl the Web API base ({@code https://slack.com/api/}; tests point it at a stub)
 * @param userGroups the Slack user groups the roles name ({@code S…}), checked per caller
 * @param teamId the only workspace ({@code T…}) whose requests are answered; any when empty
 * @param enterpriseId the only Enterprise Grid organization ({@code E…}) whose requests are
 *     answered; any when empty
 */
public record SlackSettings(
    Optional<byte[]> signingSecret,
    String botToken,
    Optional<String> appToken,
    String command,
    String apiUrl,
    Set<String> userGroups,
    Optional<String> teamId,
    Optional<String> enterpriseId) {

  public static final String DEFAULT_API_URL = "https://slack.com/api/";

  public SlackSettings {
    Objects.requireNonNull(signingSecret, "signingSecret");
    Objects.requireNonNull(botToken, "botToken");
    Objects.requireNonNull(appToken, "appToken");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(apiUrl, "apiUrl");
    userGroups = Set.copyOf(userGroups);
    Objects.requireNonNull(teamId, "teamId");
    Objects.requireNonNull(enterpriseId, "enterpriseId");
    if (signingSecret.isEmpty() && appToken.isEmpty()) {
      throw new IllegalArgumentException(
          "Slack needs a signing secret (HTTP) or an app-level token (Socket Mode)");
    }
    if (!apiUrl.endsWith("/")) {
      apiUrl = apiUrl + "/";
    }
  }

  /**
   * Why a request from this workspace and organization is not answered; empty when it is.
   *
   * @param team the request's {@code team_id}; may be null
   * @param enterprise the request's {@code enterprise_id}; may be null
   */
  public Optional<String> foreign(String team, String enterprise) {
    if (teamId.isPresent() && !teamId.get().equals(team)) {
      return Optional.of(
          "workspace "
              + (team == null ? "(none)" : team)
              + " is not the configured "
              + teamId.get());
    }
    if (enterpriseId.isPresent() && !enterpriseId.get().equals(enterprise)) {
      return Optional.of(
          "organization "
              + (enterprise == null ? "(none)" : enterprise)
              + " is not the configured "
              + enterpriseId.get());
    }
    return Optional.empty();
  }

  /** Whether requests are checked for their workspace or organization at all. */
  public boolean checksWorkspace() {
    return teamId.isPresent() || enterpriseId.isPresent();
  }

  /** Whether events come over Socket Mode rather than HTTP. */
  public boolean socketMode() {
    return appToken.isPresent();
  }
}
