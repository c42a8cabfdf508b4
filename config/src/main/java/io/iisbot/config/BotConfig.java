package io.iisbot.config;

import io.iisbot.iis.Durations;
import io.iisbot.iis.logging.LogFormat;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The bot's whole configuration, checked and resolved: defaults applied, {@code ${ENV}} references
 * replaced, secrets read. Made by {@link ConfigLoader}; immutable and thread-safe.
 *
 * @param server the HTTP server and the token-signing secret
 * @param store where the audit log, leases and confirmations live
 * @param slack the Slack app, when configured
 * @param discord the Discord application, when configured
 * @param teams the Microsoft Teams bot, when configured
 * @param console the built-in web console
 * @param groups group name to description, in file order
 * @param hosts the hosts, in file order
 * @param people each person and their accounts on every platform
 * @param roles who may do what
 * @param policies extra rules (second approver, confirmation timeout, batch size)
 * @param announce channels that get a one-line notice of every state-changing operation
 * @param timeZone the zone of times people type ({@code --at 03:00}) and the bot shows (UTC unless
 *     {@code timeZone:} names another)
 * @param demo whether this is the built-in demo configuration
 * @param loadBalancers the load balancers hosts sit behind, in file order
 */
public record BotConfig(
    Server server,
    Store store,
    Optional<Slack> slack,
    Optional<Discord> discord,
    Optional<Teams> teams,
    Console console,
    Map<String, String> groups,
    List<Host> hosts,
    List<Person> people,
    List<Role> roles,
    List<Policy> policies,
    List<Announce> announce,
    Logging logging,
    ZoneId timeZone,
    boolean demo,
    List<LoadBalancer> loadBalancers) {

  /**
   * Checks what the parts cannot check alone: unique names, groups that exist, announcements to
   * configured platforms.
   *
   * @throws IllegalArgumentException naming the first problem
   */
  public BotConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(slack, "slack");
    Objects.requireNonNull(discord, "discord");
    Objects.requireNonNull(teams, "teams");
    Objects.requireNonNull(console, "console");
    Objects.requireNonNull(logging, "logging");
    Objects.requireNonNull(timeZone, "timeZone");
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    hosts = List.copyOf(hosts);
    people = List.copyOf(people);
    roles = List.copyOf(roles);
    policies = List.copyOf(policies);
    announce = List.copyOf(announce);
    loadBalancers = List.copyOf(loadBalancers);
    Set<String> balancerNames = new HashSet<>();
    for (LoadBalancer lb : loadBalancers) {
      if (!balancerNames.add(lb.name())) {
        throw new IllegalArgumentException("loadBalancers: \"" + lb.name() + "\" is used twice");
      }
    }
    for (Host h : hosts) {
      h.loadBalancer()
          .filter(b -> !balancerNames.contains(b.balancer()))
          .ifPresent(
              b -> {
                throw new IllegalArgumentException(
                    "hosts."
                        + h.name()
                        + ".loadBalancer: unknown load balancer \""
                        + b.balancer()
                        + "\"");
              });
    }
    for (String g : groups.keySet()) {
      Checks.require("groups", Checks.groupName(g));
    }
    Set<String> names = new HashSet<>();
    for (Host h : hosts) {
      if (!names.add(h.name())) {
        throw new IllegalArgumentException("hosts: \"" + h.name() + "\" is used twice");
      }
      for (String g : h.groups()) {
        requireGroup(groups, g, "hosts." + h.name());
      }
    }
    Set<String> personIds = new HashSet<>();
    Set<String> accounts = new HashSet<>();
    for (Person p : people) {
      if (!personIds.add(p.identity())) {
        throw new IllegalArgumentException("people: \"" + p.name() + "\" is used twice");
      }
      for (String id : p.ids()) {
        if (!accounts.add(id)) {
          throw new IllegalArgumentException(
              "people." + p.name() + ": " + id + " belongs to another person too");
        }
      }
    }
    for (Role r : roles) {
      for (String m : r.members()) {
        if (m.startsWith("person:") && !personIds.contains(m)) {
          throw new IllegalArgumentException("roles." + r.name() + ": no person " + m);
        }
      }
      for (Role.Grant g : r.allow()) {
        for (HostPattern p : g.hosts()) {
          requireGroup(groups, p, "roles." + r.name());
        }
      }
    }
    for (Policy p : policies) {
      for (HostPattern h : p.hosts()) {
        requireGroup(groups, h, "policies." + p.name());
      }
    }
    for (Announce a : announce) {
      boolean missing =
          switch (a.platform()) {
            case SLACK -> slack.isEmpty();
            case DISCORD -> discord.isEmpty();
            case TEAMS -> teams.isEmpty();
          };
      if (missing) {
        throw new IllegalArgumentException(
            "announce: " + a.platform().configName() + " is not configured");
      }
    }
  }

  private static void requireGroup(Map<String, String> groups, HostPattern p, String where) {
    if (p.group() != null) {
      requireGroup(groups, p.group(), where);
    }
  }

  private static void requireGroup(Map<String, String> groups, String g, String where) {
    if (!groups.containsKey(g)) {
      throw new IllegalArgumentException(where + ": unknown group \"" + g + "\"");
    }
  }

  /** The host with this name, if any. */
  /**
   * Checks that every action roles allow and policies apply to is one of {@code known} (the
   * permission words of the bot's commands) or {@code *}.
   *
   * @throws ConfigException naming each unknown action where it is written
   */
  public void requireKnownActions(Set<String> known) {
    String list = String.join(", ", known) + ", or " + Actions.ANY;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < roles.size(); i++) {
      List<Role.Grant> grants = roles.get(i).allow();
      for (int j = 0; j < grants.size(); j++) {
        for (String a : unknown(grants.get(j).actions(), known)) {
          problems.add(
              "roles[%d].allow[%d].actions: unknown action \"%s\" (%s)".formatted(i, j, a, list));
        }
      }
    }
    for (int i = 0; i < policies.size(); i++) {
      for (String a : unknown(policies.get(i).actions(), known)) {
        problems.add("policies[%d].actions: unknown action \"%s\" (%s)".formatted(i, a, list));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static List<String> unknown(Set<String> actions, Set<String> known) {
    return actions.stream()
        .filter(a -> !a.equals(Actions.ANY) && !known.contains(a))
        .sorted()
        .toList();
  }

  /** Without load balancers and Teams. */
  public BotConfig(
      Server server,
      Store store,
      Optional<Slack> slack,
      Optional<Discord> discord,
      Console console,
      Map<String, String> groups,
      List<Host> hosts,
      List<Person> people,
      List<Role> roles,
      List<Policy> policies,
      List<Announce> announce,
      Logging logging,
      ZoneId timeZone,
      boolean demo) {
    this(
        server,
        store,
        slack,
        discord,
        Optional.empty(),
        console,
        groups,
        hosts,
        people,
        roles,
        policies,
        announce,
        logging,
        timeZone,
        demo,
        List.of());
  }

  /** The load balancer named {@code name}. */
  public Optional<LoadBalancer> loadBalancer(String name) {
    return loadBalancers.stream().filter(b -> b.name().equals(name)).findFirst();
  }

  public Optional<Host> host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
  }

  /** A copy with other hosts: the demo launcher fills in its loopback agents' URLs and keys. */
  public BotConfig withHosts(List<Host> hosts) {
    return new BotConfig(
        server,
        store,
        slack,
        discord,
        teams,
        console,
        groups,
        hosts,
        people,
        roles,
        policies,
        announce,
        logging,
        timeZone,
        demo,
        loadBalancers);
  }

  /** A copy with another server section (a port given on the command line). */
  public BotConfig withServer(Server server) {
    return new BotConfig(
        server,
        store,
        slack,
        discord,
        teams,
        console,
        groups,
        hosts,
        people,
        roles,
        policies,
        announce,
        logging,
        timeZone,
        demo,
        loadBalancers);
  }

  /**
   * The bot's HTTP server.
   *
   * @param port the port, 0 for any free one (default 8080)
   * @param bind the address to listen on (default 0.0.0.0; 127.0.0.1 in the demo)
   * @param dataDir where the SQLite file and other state live (default ./data)
   * @param publicUrl how the outside reaches the bot (links, Slack/Discord request URLs)
   * @param secret signs confirmation tokens and console sessions; at least 32 bytes
   * @param metrics whether and how {@code GET /metrics} is served (default off)
   */
  public record Server(
      int port,
      String bind,
      Path dataDir,
      Optional<URI> publicUrl,
      Secret secret,
      Metrics metrics) {

    public static final int DEFAULT_PORT = 8080;
    public static final int MIN_SECRET_BYTES = 32;

    /** A server without {@code /metrics}. */
    public Server(int port, String bind, Path dataDir, Optional<URI> publicUrl, Secret secret) {
      this(port, bind, dataDir, publicUrl, secret, Metrics.OFF);
    }

    public Server {
      Objects.requireNonNull(metrics, "metrics");
      Objects.requireNonNull(bind, "bind");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(publicUrl, "publicUrl");
      Objects.requireNonNull(secret, "secret");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: must be 0 to 65535, was " + port);
      }
      if (bind.isBlank()) {
        throw new IllegalArgumentException("bind: must not be empty");
      }
      publicUrl.ifPresent(u -> Checks.require("publicUrl", Checks.httpUrl(u.toString())));
      if (secret.length() < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException(
            "secret: needs at least " + MIN_SECRET_BYTES + " bytes, was " + secret.length());
      }
    }

    public Server withPort(int port) {
      return new Server(port, bind, dataDir, publicUrl, secret, metrics);
    }

    public Server withMetrics(Metrics metrics) {
      return new Server(port, bind, dataDir, publicUrl, secret, metrics);
    }
  }

  /**
   * {@code server.metrics}: {@code off} (the default: the bot's port usually faces Slack and
   * Discord, and metrics name hosts and show activity), {@code open}, or {@code token} (a bearer
   * token read from {@code metricsTokenEnv} or {@code metricsTokenFile}, required then).
   *
   * @param token present exactly when the mode is {@link Mode#TOKEN}
   */
  public record Metrics(Mode mode, Optional<Secret> token) {

    public static final Metrics OFF = new Metrics(Mode.OFF, Optional.empty());

    /** How {@code /metrics} is served. */
    public enum Mode {
      OFF,
      OPEN,
      TOKEN
    }

    public Metrics {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(token, "token");
      if ((mode == Mode.TOKEN) != token.isPresent()) {
        throw new IllegalArgumentException(
            "metrics: a token is needed for, and only for, metrics: token");
      }
    }

    /** Metrics behind this bearer token. */
    public static Metrics token(Secret token) {
      return new Metrics(Mode.TOKEN, Optional.of(token));
    }
  }

  /** Where the audit log and the shared state live: {@link Sqlite} or {@link Postgres}. */
  public sealed interface Store permits Sqlite, Postgres {}

  /** A SQLite file (default {@code <dataDir>/iisbot.db}): one bot replica. */
  public record Sqlite(Path path) implements Store {
    public Sqlite {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * PostgreSQL: several bot replicas share it.
   *
   * @param url {@code jdbc:postgresql://host:port/database}
   */
  public record Postgres(String url, String user, Secret password) implements Store {
    public Postgres {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      Checks.require("url", checkUrl(url));
    }

    static String checkUrl(String url) {
      return url.startsWith("jdbc:postgresql://") && url.length() > "jdbc:postgresql://".length()
          ? null
          : "must be jdbc:postgresql://host:port/database, was " + Checks.quote(url);
    }
  }

  /**
   * The Slack app. Events arrive over HTTP (checked with {@code signingSecret}) or Socket Mode
   * (with {@code appToken}); at least one of the two is set.
   *
   * @param command the slash command (default {@code /iis})
   * @param apiUrl another Web API base URL (tests, proxies)
   * @param teamId the one workspace ({@code T…}) whose requests are answered; any when empty
   * @param enterpriseId the one Enterprise Grid organization ({@code E…}) whose requests are
   *     answered; any when empty
   */
  public record Slack(
      Optional<Secret> signingSecret,
      Secret botToken,
      Optional<Secret> appToken,
      String command,
      Optional<URI> apiUrl,
      Optional<String> teamId,
      Optional<String> enterpriseId) {

    public static final String DEFAULT_COMMAND = "/iis";

    /** A Slack app that answers requests from any workspace it is installed in. */
    public Slack(
        Optional<Secret> signingSecret,
        Secret botToken,
        Optional<Secret> appToken,
        String command,
        Optional<URI> apiUrl) {
      this(signingSecret, botToken, appToken, command, apiUrl, Optional.empty(), Optional.empty());
    }

    public Slack {
      Objects.requireNonNull(signingSecret, "signingSecret");
      Objects.requireNonNull(botToken, "botToken");
      Objects.requireNonNull(appToken, "appToken");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(apiUrl, "apiUrl");
      Objects.requireNonNull(teamId, "teamId");
      Objects.requireNonNull(enterpriseId, "enterpriseId");
      teamId.ifPresent(t -> Checks.require("teamId", checkSlackId(t, 'T')));
      enterpriseId.ifPresent(e -> Checks.require("enterpriseId", checkSlackId(e, 'E')));
      if (signingSecret.isEmpty() && appToken.isEmpty()) {
        throw new IllegalArgumentException(
            "needs a signingSecret (HTTP events) or an appToken (Socket Mode)");
      }
      Checks.require("command", checkCommand(command));
      apiUrl.ifPresent(u -> Checks.require("apiUrl", Checks.httpUrl(u.toString())));
    }

    static String checkSlackId(String id, char first) {
      return id.matches(first + "[A-Z0-9]{2,30}")
          ? null
          : "must be a Slack id such as " + first + "0123ABCD, was " + Checks.quote(id);
    }

    static String checkCommand(String command) {
      return Checks.SLACK_COMMAND.matcher(command).matches()
          ? null
          : "must be / and up to 31 of a-z 0-9 _ -, was " + Checks.quote(command);
    }

    /** Whether events come over Socket Mode (no public URL needed) rather than HTTP. */
    public boolean socketMode() {
      return appToken.isPresent();
    }
  }

  /**
   * The Discord application.
   *
   * @param publicKey the Ed25519 key (64 hex) for HTTP interactions; without it, the gateway is
   *     used
   * @param applicationId the application's id (commands and interaction webhooks)
   * @param guildId register commands in this server only (they appear at once)
   * @param apiUrl another API base URL (tests, proxies)
   */
  public record Discord(
      Secret botToken,
      Optional<String> publicKey,
      String applicationId,
      Optional<String> guildId,
      Optional<URI> apiUrl) {

    public Discord {
      Objects.requireNonNull(botToken, "botToken");
      Objects.requireNonNull(publicKey, "publicKey");
      Objects.requireNonNull(applicationId, "applicationId");
      Objects.requireNonNull(guildId, "guildId");
      Objects.requireNonNull(apiUrl, "apiUrl");
      publicKey.ifPresent(k -> Checks.require("publicKey", checkPublicKey(k)));
      Checks.require("applicationId", checkSnowflake(applicationId));
      guildId.ifPresent(g -> Checks.require("guildId", checkSnowflake(g)));
      apiUrl.ifPresent(u -> Checks.require("apiUrl", Checks.httpUrl(u.toString())));
    }

    static String checkPublicKey(String k) {
      return Checks.ED25519_HEX.matcher(k).matches()
          ? null
          : "must be 64 hex digits (the application's public key), was " + Checks.quote(k);
    }

    static String checkSnowflake(String id) {
      return Checks.SNOWFLAKE.matcher(id).matches()
          ? null
          : "must be a Discord id (digits), was " + Checks.quote(id);
    }

    /** Whether interactions arrive over HTTP (a public URL and the public key) or the gateway. */
    public boolean httpInteractions() {
      return publicKey.isPresent();
    }
  }

  /**
   * The Microsoft Teams bot: an Azure Bot (or Teams Developer Portal) registration, single-tenant.
   * Teams posts activities to {@code POST /teams/messages} with a Bot Framework token checked
   * against {@code openIdMetadataUrl}'s keys; the bot answers through the Bot Connector with a
   * token from {@code tokenUrl} (client credentials: {@code appId} and {@code appPassword}).
   *
   * @param appId the bot's Microsoft App ID (a GUID): the audience of Teams' tokens, the client id
   *     of the bot's own
   * @param appPassword the app's client secret
   * @param tenantId the Microsoft Entra tenant (a GUID) the app is registered in
   * @param openIdMetadataUrl where the Bot Framework's signing keys are published (tests, proxies,
   *     sovereign clouds)
   * @param tokenUrl where the bot gets its own tokens; {@code {tenantId}} is replaced
   * @param serviceUrl the Bot Connector for proactive posts (announcements) to a conversation no
   *     activity has come from yet; once Teams has sent one, the conversation's own is used
   */
  public record Teams(
      String appId,
      Secret appPassword,
      String tenantId,
      URI openIdMetadataUrl,
      URI tokenUrl,
      URI serviceUrl) {

    public static final URI DEFAULT_OPENID_METADATA_URL =
        URI.create("https://login.botframework.com/v1/.well-known/openidconfiguration");
    public static final String DEFAULT_TOKEN_URL =
        "https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token";
    public static final URI DEFAULT_SERVICE_URL =
        URI.create("https://smba.trafficmanager.net/teams/");

    /** With the public cloud's endpoints. */
    public Teams(String appId, Secret appPassword, String tenantId) {
      this(
          appId,
          appPassword,
          tenantId,
          DEFAULT_OPENID_METADATA_URL,
          tokenUrl(DEFAULT_TOKEN_URL, tenantId),
          DEFAULT_SERVICE_URL);
    }

    public Teams {
      Objects.requireNonNull(appId, "appId");
      Objects.requireNonNull(appPassword, "appPassword");
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(openIdMetadataUrl, "openIdMetadataUrl");
      Objects.requireNonNull(tokenUrl, "tokenUrl");
      Objects.requireNonNull(serviceUrl, "serviceUrl");
      Checks.require("appId", checkGuid(appId, "the bot's Microsoft App ID"));
      Checks.require("tenantId", checkGuid(tenantId, "the Microsoft Entra tenant id"));
      Checks.require("openIdMetadataUrl", Checks.httpUrl(openIdMetadataUrl.toString()));
      Checks.require("tokenUrl", Checks.httpUrl(tokenUrl.toString()));
      Checks.require("serviceUrl", Checks.httpUrl(serviceUrl.toString()));
    }

    static String checkGuid(String id, String what) {
      return Checks.GUID.matcher(id).matches()
          ? null
          : "must be "
              + what
              + " (a GUID such as 00000000-0000-0000-0000-000000000000), was "
              + Checks.quote(id);
    }

    /** The token URL with {@code {tenantId}} replaced. */
    static URI tokenUrl(String template, String tenantId) {
      return URI.create(template.replace("{tenantId}", tenantId));
    }
  }

  /**
   * The built-in web console.
   *
   * @param sessionTtl how long a sign-in lasts (default 12 hours)
   */
  public record Console(boolean enabled, Duration sessionTtl) {

    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(12);

    public Console {
      Objects.requireNonNull(sessionTtl, "sessionTtl");
      if (sessionTtl.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException(
            "sessionTtl: must be at least 1m, was " + Durations.format(sessionTtl));
      }
    }
  }

  /**
   * How the bot logs.
   *
   * @param format the console's format: {@code text}, one line per record, or {@code json}, one
   *     object per line for log shippers; {@code --log-format} on the command line wins
   */
  public record Logging(LogFormat format) {

    public static final Logging DEFAULT = new Logging(LogFormat.TEXT);

    public Logging {
      Objects.requireNonNull(format, "format");
    }
  }

  /** The chat platforms a channel can be on. */
  public enum Platform {
    SLACK,
    DISCORD,
    TEAMS;

    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A channel that gets a one-line notice of every state-changing operation. */
  public record Announce(Platform platform, String channel) {
    public Announce {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(channel, "channel");
      Checks.require("channel", checkChannel(platform, channel));
    }

    static String checkChannel(Platform platform, String channel) {
      return switch (platform) {
        case SLACK ->
            Checks.SLACK_CHANNEL.matcher(channel).matches()
                ? null
                : "must be a Slack channel id such as C0123ABCD, was " + Checks.quote(channel);
        case DISCORD ->
            Checks.SNOWFLAKE.matcher(channel).matches()
                ? null
                : "must be a Discord channel id (digits), was " + Checks.quote(channel);
        case TEAMS ->
            Checks.TEAMS_CONVERSATION.matcher(channel).matches()
                ? null
                : "must be a Teams channel's conversation id such as 19:…@thread.tacv2, was "
                    + Checks.quote(channel);
      };
    }
  }
}
