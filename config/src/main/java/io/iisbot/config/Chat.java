package io.iisbot.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the chat sections: {@code slack}, {@code discord}, {@code teams} and the {@code announce}
 * channels.
 */
final class Chat {

  private final Values v;

  Chat(Values v) {
    this.v = v;
  }

  Optional<BotConfig.Slack> slack(Node n) {
    if (!n.mapping(
        Values.keys(
            "signingSecretEnv",
            "signingSecretFile",
            "botTokenEnv",
            "botTokenFile",
            "appTokenEnv",
            "appTokenFile",
            "command",
            "apiUrl",
            "teamId",
            "enterpriseId"))) {
      return Optional.empty();
    }
    int before = v.problemCount();
    Secret signing = v.secret(n, "signingSecret", false, 1);
    Secret bot = v.secret(n, "botToken", true, 1);
    Secret app = v.secret(n, "appToken", false, 1);
    tokenPrefix(n, "botToken", bot, "xoxb-", "a bot token (xoxb-…)");
    tokenPrefix(n, "appToken", app, "xapp-", "an app-level token (xapp-…)");
    boolean eventsKey =
        Values.keys("signingSecretEnv", "signingSecretFile", "appTokenEnv", "appTokenFile").stream()
            .anyMatch(k -> n.get(k).present());
    if (!eventsKey) {
      n.problem("needs signingSecretEnv/File (events over HTTP) or appTokenEnv/File (Socket Mode)");
    }
    String command = n.get("command").text(BotConfig.Slack.DEFAULT_COMMAND);
    Values.report(n.get("command"), BotConfig.Slack.checkCommand(command));
    Optional<URI> apiUrl = v.url(n.get("apiUrl"), Checks::httpUrl);
    Optional<String> teamId =
        v.checked(
            n.get("teamId"), n.get("teamId").text(), t -> BotConfig.Slack.checkSlackId(t, 'T'));
    Optional<String> enterpriseId =
        v.checked(
            n.get("enterpriseId"),
            n.get("enterpriseId").text(),
            e -> BotConfig.Slack.checkSlackId(e, 'E'));
    if (v.problemCount() > before) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        v.build(
            n.path(),
            () ->
                new BotConfig.Slack(
                    Optional.ofNullable(signing),
                    bot,
                    Optional.ofNullable(app),
                    command,
                    apiUrl,
                    teamId,
                    enterpriseId)));
  }

  private void tokenPrefix(Node n, String name, Secret token, String prefix, String what) {
    if (token != null && !token.text().startsWith(prefix)) {
      Node where = n.get(name + "Env").present() ? n.get(name + "Env") : n.get(name + "File");
      where.problem("does not hold " + what);
    }
  }

  Optional<BotConfig.Discord> discord(Node n) {
    if (!n.mapping(
        Values.keys(
            "botTokenEnv", "botTokenFile", "publicKey", "applicationId", "guildId", "apiUrl"))) {
      return Optional.empty();
    }
    int before = v.problemCount();
    Secret token = v.secret(n, "botToken", true, 1);
    Optional<String> publicKey =
        v.checked(n.get("publicKey"), n.get("publicKey").text(), BotConfig.Discord::checkPublicKey);
    String applicationId = n.get("applicationId").required();
    if (applicationId != null) {
      Values.report(n.get("applicationId"), BotConfig.Discord.checkSnowflake(applicationId));
    }
    Optional<String> guildId =
        v.checked(n.get("guildId"), n.get("guildId").text(), BotConfig.Discord::checkSnowflake);
    Optional<URI> apiUrl = v.url(n.get("apiUrl"), Checks::httpUrl);
    if (v.problemCount() > before) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        v.build(
            n.path(),
            () -> new BotConfig.Discord(token, publicKey, applicationId, guildId, apiUrl)));
  }

  Optional<BotConfig.Teams> teams(Node n) {
    if (!n.mapping(
        Values.keys(
            "appId",
            "appPasswordEnv",
            "appPasswordFile",
            "tenantId",
            "openIdMetadataUrl",
            "tokenUrl",
            "serviceUrl"))) {
      return Optional.empty();
    }
    int before = v.problemCount();
    String appId = n.get("appId").required();
    if (appId != null) {
      Values.report(n.get("appId"), BotConfig.Teams.checkGuid(appId, "the bot's Microsoft App ID"));
    }
    Secret password = v.secret(n, "appPassword", true, 1);
    String tenantId = n.get("tenantId").required();
    if (tenantId != null) {
      Values.report(
          n.get("tenantId"), BotConfig.Teams.checkGuid(tenantId, "the Microsoft Entra tenant id"));
    }
    Optional<URI> openId = v.url(n.get("openIdMetadataUrl"), Checks::httpUrl);
    Optional<URI> serviceUrl = v.url(n.get("serviceUrl"), Checks::httpUrl);
    String tokenTemplate = n.get("tokenUrl").text(BotConfig.Teams.DEFAULT_TOKEN_URL);
    Optional<URI> tokenUrl = Optional.empty();
    if (tenantId != null) {
      String resolved = tokenTemplate.replace("{tenantId}", tenantId);
      Values.report(n.get("tokenUrl"), Checks.httpUrl(resolved));
      if (Checks.httpUrl(resolved) == null) {
        tokenUrl = Optional.of(URI.create(resolved));
      }
    }
    if (v.problemCount() > before || tokenUrl.isEmpty()) {
      return Optional.empty();
    }
    URI token = tokenUrl.get();
    return Optional.ofNullable(
        v.build(
            n.path(),
            () ->
                new BotConfig.Teams(
                    appId,
                    password,
                    tenantId,
                    openId.orElse(BotConfig.Teams.DEFAULT_OPENID_METADATA_URL),
                    token,
                    serviceUrl.orElse(BotConfig.Teams.DEFAULT_SERVICE_URL))));
  }

  List<BotConfig.Announce> announce(
      Node n, boolean slackInFile, boolean discordInFile, boolean teamsInFile) {
    List<BotConfig.Announce> out = new ArrayList<>();
    for (Node a : n.list()) {
      if (!a.mapping(Values.keys("platform", "channel"))) {
        if (!a.present()) {
          a.problem("must be {platform: slack|discord|teams, channel: id}");
        }
        continue;
      }
      int before = v.problemCount();
      String p = a.get("platform").required();
      BotConfig.Platform platform = null;
      if ("slack".equals(p) || "discord".equals(p) || "teams".equals(p)) {
        platform = BotConfig.Platform.valueOf(p.toUpperCase(java.util.Locale.ROOT));
        boolean inFile =
            switch (platform) {
              case SLACK -> slackInFile;
              case DISCORD -> discordInFile;
              case TEAMS -> teamsInFile;
            };
        // Only a missing section is reported here: a broken one has been already.
        if (!inFile) {
          a.get("platform").problem(p + " is not configured (no " + p + " section)");
        }
      } else if (p != null) {
        a.get("platform").problem("must be slack, discord or teams, was " + Checks.quote(p));
      }
      String channel = a.get("channel").required();
      if (platform != null && channel != null) {
        Values.report(a.get("channel"), BotConfig.Announce.checkChannel(platform, channel));
      }
      if (v.problemCount() == before) {
        BotConfig.Platform pl = platform;
        BotConfig.Announce made = v.build(a.path(), () -> new BotConfig.Announce(pl, channel));
        if (made != null) {
          out.add(made);
        }
      }
    }
    return out;
  }
}
