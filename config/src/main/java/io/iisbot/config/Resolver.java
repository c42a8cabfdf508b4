package io.iisbot.config;

import io.iisbot.config.BotConfig.Server;
import io.iisbot.iis.logging.LogFormat;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the YAML tree (references already replaced) into a {@link BotConfig}, collecting every
 * problem with its key path. Sections are checked in a fixed order, so the list is stable. Not
 * thread-safe; one per load.
 */
final class Resolver {

  private static final Set<String> TOP =
      Values.keys(
          "server",
          "store",
          "slack",
          "discord",
          "teams",
          "console",
          "groups",
          "hosts",
          "people",
          "roles",
          "policies",
          "announce",
          "logging",
          "timeZone",
          "loadBalancers");

  private final Problems problems;
  private final Values v;

  Resolver(Map<String, String> env, Problems problems) {
    this.problems = problems;
    this.v = new Values(env, problems);
  }

  /**
   * @throws ConfigException listing every problem, including those already in {@code problems}
   */
  BotConfig resolve(Node root, boolean demo) {
    root.mapping(TOP);
    Server server = server(root.get("server"));
    BotConfig.Store store = store(root.get("store"), server == null ? null : server.dataDir());
    Chat chat = new Chat(v);
    Optional<BotConfig.Slack> slack = chat.slack(root.get("slack"));
    Optional<BotConfig.Discord> discord = chat.discord(root.get("discord"));
    Optional<BotConfig.Teams> teams = chat.teams(root.get("teams"));
    BotConfig.Console console = console(root.get("console"));
    Map<String, String> groups = groups(root.get("groups"));
    Balancers balancers = new Balancers(v);
    List<LoadBalancer> loadBalancers = balancers.read(root.get("loadBalancers"));
    List<Host> hosts = hosts(root.get("hosts"), groups, balancers.names());
    Access access = new Access(v, groups);
    List<Person> people = access.people(root.get("people"));
    List<Role> roles = access.roles(root.get("roles"), people);
    List<Policy> policies = access.policies(root.get("policies"));
    List<BotConfig.Announce> announce =
        chat.announce(
            root.get("announce"),
            root.get("slack").present(),
            root.get("discord").present(),
            root.get("teams").present());
    BotConfig.Logging logging = logging(root.get("logging"));
    ZoneId timeZone = timeZone(root.get("timeZone"));
    if (console != null
        && !console.enabled()
        && slack.isEmpty()
        && discord.isEmpty()
        && teams.isEmpty()) {
      root.get("console")
          .get("enabled")
          .problem("nothing to talk on: enable the console or configure slack, discord or teams");
    }
    problems.throwIfAny();
    BotConfig config =
        v.build(
            "",
            () ->
                new BotConfig(
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
                    loadBalancers));
    problems.throwIfAny();
    return config;
  }

  /** A zone id as {@link ZoneId#of} reads it ({@code Europe/Paris}, {@code UTC}); default UTC. */
  private static ZoneId timeZone(Node n) {
    String id = n.text("UTC");
    try {
      return ZoneId.of(id.strip());
    } catch (DateTimeException e) {
      n.problem(
          "not a time zone: \""
              + id
              + "\" (a region such as Europe/Paris or America/New_York, or UTC, +02:00)");
      return ZoneOffset.UTC;
    }
  }

  private Server server(Node n) {
    n.mapping(
        Values.keys(
            "port",
            "bind",
            "dataDir",
            "publicUrl",
            "secretEnv",
            "secretFile",
            "metrics",
            "metricsTokenEnv",
            "metricsTokenFile"));
    int before = v.problemCount();
    Integer port = n.get("port").integer();
    if (port != null && (port < 0 || port > 65535)) {
      n.get("port").problem("must be 0 to 65535, was " + port);
    }
    String bind = n.get("bind").text("0.0.0.0");
    if (bind.isBlank()) {
      n.get("bind").problem("must not be empty");
    }
    Path dataDir = v.path(n.get("dataDir"), "./data");
    Optional<URI> publicUrl = v.url(n.get("publicUrl"), Checks::httpUrl);
    Secret secret = v.signingKey(n, "secret");
    BotConfig.Metrics metrics = metrics(n);
    if (v.problemCount() > before) {
      return null;
    }
    return v.build(
        n.path(),
        () ->
            new Server(
                port == null ? Server.DEFAULT_PORT : port,
                bind,
                dataDir,
                publicUrl,
                secret,
                metrics));
  }

  /** {@code metrics: off | open | token}; a token from metricsTokenEnv or metricsTokenFile. */
  private BotConfig.Metrics metrics(Node n) {
    Node mode = n.get("metrics");
    String word = mode.text("off").strip();
    boolean tokenGiven = n.get("metricsTokenEnv").present() || n.get("metricsTokenFile").present();
    switch (word) {
      case "off", "open" -> {
        if (tokenGiven) {
          n.problem("metricsTokenEnv and metricsTokenFile are for metrics: token, was " + word);
        }
        return word.equals("off")
            ? BotConfig.Metrics.OFF
            : new BotConfig.Metrics(BotConfig.Metrics.Mode.OPEN, Optional.empty());
      }
      case "token" -> {
        Secret token = v.secret(n, "metricsToken", true, 16);
        return token == null ? BotConfig.Metrics.OFF : BotConfig.Metrics.token(token);
      }
      default -> {
        mode.problem("must be off, open or token, was \"" + word + "\"");
        return BotConfig.Metrics.OFF;
      }
    }
  }

  private BotConfig.Store store(Node n, Path dataDir) {
    n.mapping(
        Values.keys(
            "type", "path", "url", "user", "userEnv", "userFile", "passwordEnv", "passwordFile"));
    int before = v.problemCount();
    String type = n.get("type").text("sqlite");
    Set<String> postgresOnly =
        Values.keys("url", "user", "userEnv", "userFile", "passwordEnv", "passwordFile");
    switch (type) {
      case "sqlite" -> {
        postgresOnly.forEach(k -> onlyFor(n.get(k), "postgres"));
        Path p = v.path(n.get("path"), null);
        if (v.problemCount() > before || (p == null && dataDir == null)) {
          return null;
        }
        Path file = p != null ? p : dataDir.resolve("iisbot.db");
        return v.build(n.path(), () -> new BotConfig.Sqlite(file));
      }
      case "postgres" -> {
        onlyFor(n.get("path"), "sqlite");
        String url = n.get("url").required();
        if (url != null) {
          Values.report(n.get("url"), BotConfig.Postgres.checkUrl(url));
        }
        String literalUser = n.get("user").text();
        Secret userSecret = v.secret(n, "user", false, 1);
        if (literalUser != null && userSecret != null) {
          n.problem("give user, userEnv or userFile, only one");
        } else if (literalUser == null
            && userSecret == null
            && !n.get("userEnv").present()
            && !n.get("userFile").present()) {
          n.problem("needs user, userEnv or userFile");
        }
        Secret password = v.secret(n, "password", true, 1);
        if (v.problemCount() > before) {
          return null;
        }
        String user = literalUser != null ? literalUser : userSecret.text();
        return v.build(n.path(), () -> new BotConfig.Postgres(url, user, password));
      }
      default -> {
        n.get("type").problem("must be sqlite or postgres, was " + Checks.quote(type));
        return null;
      }
    }
  }

  private BotConfig.Console console(Node n) {
    n.mapping(Values.keys("enabled", "sessionTtl"));
    int before = v.problemCount();
    Boolean enabled = n.get("enabled").bool();
    Duration ttl = v.duration(n.get("sessionTtl"), BotConfig.Console.DEFAULT_SESSION_TTL);
    if (ttl != null && ttl.compareTo(Duration.ofMinutes(1)) < 0) {
      n.get("sessionTtl").problem("must be at least 1m, was " + n.get("sessionTtl").text());
    }
    if (v.problemCount() > before) {
      return null;
    }
    return v.build(n.path(), () -> new BotConfig.Console(enabled == null || enabled, ttl));
  }

  private BotConfig.Logging logging(Node n) {
    n.mapping(Values.keys("format"));
    String format = n.get("format").text();
    if (format == null) {
      return BotConfig.Logging.DEFAULT;
    }
    try {
      return new BotConfig.Logging(LogFormat.parse(format));
    } catch (IllegalArgumentException e) {
      n.get("format").problem(e.getMessage());
      return null;
    }
  }

  private Map<String, String> groups(Node n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.entries("a mapping of group name to description")
        .forEach(
            (name, description) -> {
              if (Values.report(description, Checks.groupName(name))) {
                out.put(name, description.text(""));
              }
            });
    return out;
  }

  private List<Host> hosts(Node n, Map<String, String> groups, Set<String> balancers) {
    List<Host> out = new ArrayList<>();
    if (!n.present()) {
      n.problem("at least one host is needed");
      return out;
    }
    Set<String> names = new LinkedHashSet<>();
    for (Node h : n.list()) {
      Host host = host(h, groups, names);
      Optional<Host.Behind> behind = behind(h, balancers);
      if (host != null && behind.isPresent()) {
        host = host.behind(behind.get());
      }
      if (host != null) {
        out.add(host);
      }
    }
    return out;
  }

  private Host host(Node h, Map<String, String> groups, Set<String> names) {
    if (!h.mapping(
        Values.keys(
            "name",
            "agent",
            "keyId",
            "secretEnv",
            "secretFile",
            "groups",
            "environment",
            "caCertificate",
            "loadBalancer",
            "lbServer"))) {
      if (!h.present()) {
        h.problem("must be a host with name, agent, keyId and secretEnv or secretFile");
      }
      return null;
    }
    int before = v.problemCount();
    String name = h.get("name").required();
    if (name != null && Values.report(h.get("name"), Checks.hostName(name)) && !names.add(name)) {
      h.get("name").problem("\"" + name + "\" is used twice");
    }
    String agent = h.get("agent").required();
    if (agent != null) {
      Values.report(h.get("agent"), Checks.agentUrl(agent));
    }
    String keyId = h.get("keyId").required();
    if (keyId != null) {
      Values.report(h.get("keyId"), Checks.keyId(keyId));
    }
    Secret secret = v.signingKey(h, "secret");
    List<String> hostGroups = new ArrayList<>();
    for (Node g : h.get("groups").list()) {
      String group = g.text();
      if (group == null) {
        continue;
      }
      if (!groups.containsKey(group)) {
        g.problem("unknown group " + Checks.quote(group) + Values.knownGroups(groups));
      } else if (hostGroups.contains(group)) {
        g.problem("group " + Checks.quote(group) + " is named twice");
      } else {
        hostGroups.add(group);
      }
    }
    Optional<String> environment =
        v.checked(h.get("environment"), h.get("environment").text(), Checks::groupName);
    Optional<Path> ca = Optional.ofNullable(v.path(h.get("caCertificate"), null));
    ca.ifPresent(
        p -> {
          if (!Files.isReadable(p)) {
            h.get("caCertificate").problem("cannot read " + p);
          }
        });
    if (v.problemCount() > before) {
      return null;
    }
    return v.build(
        h.path(),
        () ->
            new Host(name, URI.create(agent.strip()), keyId, secret, hostGroups, environment, ca));
  }

  /** The host's {@code loadBalancer} and {@code lbServer}, checked against the balancers. */
  private static Optional<Host.Behind> behind(Node h, Set<String> balancers) {
    String lb = h.get("loadBalancer").text();
    String server = h.get("lbServer").text();
    if (lb == null) {
      if (server != null) {
        h.get("lbServer").problem("only with loadBalancer");
      }
      return Optional.empty();
    }
    String name = lb.strip();
    if (!balancers.contains(name)) {
      h.get("loadBalancer")
          .problem(
              "unknown load balancer "
                  + Checks.quote(name)
                  + (balancers.isEmpty()
                      ? " (loadBalancers: names none)"
                      : " (known: " + String.join(", ", balancers) + ")"));
      return Optional.empty();
    }
    if (server != null && server.isBlank()) {
      h.get("lbServer").problem("must not be empty");
      return Optional.empty();
    }
    return Optional.of(new Host.Behind(name, Optional.ofNullable(server).map(String::strip)));
  }

  private static void onlyFor(Node n, String type) {
    if (n.present()) {
      n.problem("only for type " + type);
    }
  }
}
