package io.iisbot.config;

import io.iisbot.config.BotConfig.Server;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns the YAML tree (references already replaced) into a {@link BotConfig}, collecting every
 * problem with its key path. Sections are checked in a fixed order, so the list is stable. Not
 * thread-safe; one per load.
 */
final class Resolver {

  private static final Set<String> TOP =
      keys(
          "server",
          "store",
          "slack",
          "discord",
          "console",
          "groups",
          "hosts",
          "roles",
          "policies",
          "announce");

  private final Map<String, String> env;
  private final Problems problems;

  Resolver(Map<String, String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
  }

  /**
   * @throws ConfigException listing every problem, including those already in {@code problems}
   */
  BotConfig resolve(Node root, boolean demo) {
    root.mapping(TOP);
    Server server = server(root.get("server"));
    BotConfig.Store store = store(root.get("store"), server == null ? null : server.dataDir());
    Optional<BotConfig.Slack> slack = slack(root.get("slack"));
    Optional<BotConfig.Discord> discord = discord(root.get("discord"));
    BotConfig.Console console = console(root.get("console"));
    Map<String, String> groups = groups(root.get("groups"));
    List<Host> hosts = hosts(root.get("hosts"), groups);
    List<Role> roles = new Access(problems, groups).roles(root.get("roles"));
    List<Policy> policies = new Access(problems, groups).policies(root.get("policies"));
    List<BotConfig.Announce> announce =
        announce(root.get("announce"), root.get("slack").present(), root.get("discord").present());
    if (console != null && !console.enabled() && slack.isEmpty() && discord.isEmpty()) {
      root.get("console")
          .get("enabled")
          .problem("nothing to talk on: enable the console or configure slack or discord");
    }
    problems.throwIfAny();
    BotConfig config =
        build(
            "",
            () ->
                new BotConfig(
                    server, store, slack, discord, console, groups, hosts, roles, policies,
                    announce, demo));
    problems.throwIfAny();
    return config;
  }

  private Server server(Node n) {
    n.mapping(keys("port", "bind", "dataDir", "publicUrl", "secretEnv", "secretFile"));
    int before = problems.count();
    Integer port = n.get("port").integer();
    if (port != null && (port < 0 || port > 65535)) {
      n.get("port").problem("must be 0 to 65535, was " + port);
    }
    String bind = n.get("bind").text("0.0.0.0");
    if (bind.isBlank()) {
      n.get("bind").problem("must not be empty");
    }
    Path dataDir = path(n.get("dataDir"), "./data");
    Optional<URI> publicUrl = url(n.get("publicUrl"), Checks::httpUrl);
    Secret secret = secret(n, "secret", true, Server.MIN_SECRET_BYTES);
    if (problems.count() > before) {
      return null;
    }
    return build(
        n.path(),
        () ->
            new Server(
                port == null ? Server.DEFAULT_PORT : port, bind, dataDir, publicUrl, secret));
  }

  private BotConfig.Store store(Node n, Path dataDir) {
    n.mapping(
        keys("type", "path", "url", "user", "userEnv", "userFile", "passwordEnv", "passwordFile"));
    int before = problems.count();
    String type = n.get("type").text("sqlite");
    Set<String> postgresOnly =
        keys("url", "user", "userEnv", "userFile", "passwordEnv", "passwordFile");
    switch (type) {
      case "sqlite" -> {
        postgresOnly.forEach(k -> onlyFor(n.get(k), "postgres"));
        Path p = path(n.get("path"), null);
        if (problems.count() > before || (p == null && dataDir == null)) {
          return null;
        }
        Path file = p != null ? p : dataDir.resolve("iisbot.db");
        return build(n.path(), () -> new BotConfig.Sqlite(file));
      }
      case "postgres" -> {
        onlyFor(n.get("path"), "sqlite");
        String url = n.get("url").required();
        if (url != null) {
          report(n.get("url"), BotConfig.Postgres.checkUrl(url));
        }
        String literalUser = n.get("user").text();
        Secret userSecret = secret(n, "user", false, 1);
        if (literalUser != null && userSecret != null) {
          n.problem("give user, userEnv or userFile, only one");
        } else if (literalUser == null
            && userSecret == null
            && !n.get("userEnv").present()
            && !n.get("userFile").present()) {
          n.problem("needs user, userEnv or userFile");
        }
        Secret password = secret(n, "password", true, 1);
        if (problems.count() > before) {
          return null;
        }
        String user = literalUser != null ? literalUser : userSecret.text();
        return build(n.path(), () -> new BotConfig.Postgres(url, user, password));
      }
      default -> {
        n.get("type").problem("must be sqlite or postgres, was " + Checks.quote(type));
        return null;
      }
    }
  }

  private Optional<BotConfig.Slack> slack(Node n) {
    if (!n.mapping(
        keys(
            "signingSecretEnv",
            "signingSecretFile",
            "botTokenEnv",
            "botTokenFile",
            "appTokenEnv",
            "appTokenFile",
            "command",
            "apiUrl"))) {
      return Optional.empty();
    }
    int before = problems.count();
    Secret signing = secret(n, "signingSecret", false, 1);
    Secret bot = secret(n, "botToken", true, 1);
    Secret app = secret(n, "appToken", false, 1);
    tokenPrefix(n, "botToken", bot, "xoxb-", "a bot token (xoxb-…)");
    tokenPrefix(n, "appToken", app, "xapp-", "an app-level token (xapp-…)");
    boolean eventsKey =
        keys("signingSecretEnv", "signingSecretFile", "appTokenEnv", "appTokenFile").stream()
            .anyMatch(k -> n.get(k).present());
    if (!eventsKey) {
      n.problem("needs signingSecretEnv/File (events over HTTP) or appTokenEnv/File (Socket Mode)");
    }
    String command = n.get("command").text(BotConfig.Slack.DEFAULT_COMMAND);
    report(n.get("command"), BotConfig.Slack.checkCommand(command));
    Optional<URI> apiUrl = url(n.get("apiUrl"), Checks::httpUrl);
    if (problems.count() > before) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        build(
            n.path(),
            () ->
                new BotConfig.Slack(
                    Optional.ofNullable(signing), bot, Optional.ofNullable(app), command, apiUrl)));
  }

  private void tokenPrefix(Node n, String name, Secret token, String prefix, String what) {
    if (token != null && !token.text().startsWith(prefix)) {
      Node where = n.get(name + "Env").present() ? n.get(name + "Env") : n.get(name + "File");
      where.problem("does not hold " + what);
    }
  }

  private Optional<BotConfig.Discord> discord(Node n) {
    if (!n.mapping(
        keys("botTokenEnv", "botTokenFile", "publicKey", "applicationId", "guildId", "apiUrl"))) {
      return Optional.empty();
    }
    int before = problems.count();
    Secret token = secret(n, "botToken", true, 1);
    Optional<String> publicKey =
        checked(n.get("publicKey"), n.get("publicKey").text(), BotConfig.Discord::checkPublicKey);
    String applicationId = n.get("applicationId").required();
    if (applicationId != null) {
      report(n.get("applicationId"), BotConfig.Discord.checkSnowflake(applicationId));
    }
    Optional<String> guildId =
        checked(n.get("guildId"), n.get("guildId").text(), BotConfig.Discord::checkSnowflake);
    Optional<URI> apiUrl = url(n.get("apiUrl"), Checks::httpUrl);
    if (problems.count() > before) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        build(
            n.path(),
            () -> new BotConfig.Discord(token, publicKey, applicationId, guildId, apiUrl)));
  }

  private BotConfig.Console console(Node n) {
    n.mapping(keys("enabled", "sessionTtl"));
    int before = problems.count();
    Boolean enabled = n.get("enabled").bool();
    Duration ttl = duration(n.get("sessionTtl"), BotConfig.Console.DEFAULT_SESSION_TTL);
    if (ttl != null && ttl.compareTo(Duration.ofMinutes(1)) < 0) {
      n.get("sessionTtl").problem("must be at least 1m, was " + n.get("sessionTtl").text());
    }
    if (problems.count() > before) {
      return null;
    }
    return build(n.path(), () -> new BotConfig.Console(enabled == null || enabled, ttl));
  }

  private Map<String, String> groups(Node n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.entries("a mapping of group name to description")
        .forEach(
            (name, description) -> {
              if (report(description, Checks.groupName(name))) {
                out.put(name, description.text(""));
              }
            });
    return out;
  }

  private List<Host> hosts(Node n, Map<String, String> groups) {
    List<Host> out = new ArrayList<>();
    if (!n.present()) {
      n.problem("at least one host is needed");
      return out;
    }
    Set<String> names = new LinkedHashSet<>();
    for (Node h : n.list()) {
      Host host = host(h, groups, names);
      if (host != null) {
        out.add(host);
      }
    }
    return out;
  }

  private Host host(Node h, Map<String, String> groups, Set<String> names) {
    if (!h.mapping(
        keys(
            "name",
            "agent",
            "keyId",
            "secretEnv",
            "secretFile",
            "groups",
            "environment",
            "caCertificate"))) {
      if (!h.present()) {
        h.problem("must be a host with name, agent, keyId and secretEnv or secretFile");
      }
      return null;
    }
    int before = problems.count();
    String name = h.get("name").required();
    if (name != null && report(h.get("name"), Checks.hostName(name)) && !names.add(name)) {
      h.get("name").problem("\"" + name + "\" is used twice");
    }
    String agent = h.get("agent").required();
    if (agent != null) {
      report(h.get("agent"), Checks.agentUrl(agent));
    }
    String keyId = h.get("keyId").required();
    if (keyId != null) {
      report(h.get("keyId"), Checks.keyId(keyId));
    }
    Secret secret = secret(h, "secret", true, Host.MIN_SECRET_BYTES);
    List<String> hostGroups = new ArrayList<>();
    for (Node g : h.get("groups").list()) {
      String group = g.text();
      if (group == null) {
        continue;
      }
      if (!groups.containsKey(group)) {
        g.problem("unknown group " + Checks.quote(group) + knownGroups(groups));
      } else if (hostGroups.contains(group)) {
        g.problem("group " + Checks.quote(group) + " is named twice");
      } else {
        hostGroups.add(group);
      }
    }
    Optional<String> environment =
        checked(h.get("environment"), h.get("environment").text(), Checks::groupName);
    Optional<Path> ca = Optional.ofNullable(path(h.get("caCertificate"), null));
    ca.ifPresent(
        p -> {
          if (!Files.isReadable(p)) {
            h.get("caCertificate").problem("cannot read " + p);
          }
        });
    if (problems.count() > before) {
      return null;
    }
    return build(
        h.path(),
        () ->
            new Host(name, URI.create(agent.strip()), keyId, secret, hostGroups, environment, ca));
  }

  static String knownGroups(Map<String, String> groups) {
    return groups.isEmpty()
        ? " (no groups are defined)"
        : " (groups: " + String.join(", ", groups.keySet()) + ")";
  }

  private List<BotConfig.Announce> announce(Node n, boolean slackInFile, boolean discordInFile) {
    List<BotConfig.Announce> out = new ArrayList<>();
    for (Node a : n.list()) {
      if (!a.mapping(keys("platform", "channel"))) {
        if (!a.present()) {
          a.problem("must be {platform: slack|discord, channel: id}");
        }
        continue;
      }
      int before = problems.count();
      String p = a.get("platform").required();
      BotConfig.Platform platform = null;
      if ("slack".equals(p) || "discord".equals(p)) {
        platform = "slack".equals(p) ? BotConfig.Platform.SLACK : BotConfig.Platform.DISCORD;
        // Only a missing section is reported here: a broken one has been already.
        if (!(platform == BotConfig.Platform.SLACK ? slackInFile : discordInFile)) {
          a.get("platform").problem(p + " is not configured (no " + p + " section)");
        }
      } else if (p != null) {
        a.get("platform").problem("must be slack or discord, was " + Checks.quote(p));
      }
      String channel = a.get("channel").required();
      if (platform != null && channel != null) {
        report(a.get("channel"), BotConfig.Announce.checkChannel(platform, channel));
      }
      if (problems.count() == before) {
        BotConfig.Platform pl = platform;
        BotConfig.Announce made = build(a.path(), () -> new BotConfig.Announce(pl, channel));
        if (made != null) {
          out.add(made);
        }
      }
    }
    return out;
  }

  /**
   * Reads {@code <name>Env} or {@code <name>File}: secrets never live in the file itself.
   *
   * @return the secret, or {@code null} when absent or broken (reported)
   */
  private Secret secret(Node obj, String name, boolean required, int minBytes) {
    Node envKey = obj.get(name + "Env");
    Node fileKey = obj.get(name + "File");
    String var = envKey.text();
    String file = fileKey.text();
    String value;
    Node where;
    if (var != null && file != null) {
      obj.problem("give " + name + "Env or " + name + "File, not both");
      return null;
    } else if (var != null) {
      where = envKey;
      value = env.get(var.strip());
      if (value == null || value.isBlank()) {
        envKey.problem(var.strip() + " is not set");
        return null;
      }
    } else if (file != null) {
      where = fileKey;
      try {
        value = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8);
      } catch (IOException | InvalidPathException e) {
        fileKey.problem("cannot read " + file);
        return null;
      }
      if (value.isBlank()) {
        fileKey.problem(file + " is empty");
        return null;
      }
    } else {
      if (required) {
        obj.problem("needs " + name + "Env or " + name + "File (secrets never live in this file)");
      }
      return null;
    }
    Secret s = Secret.of(value.strip());
    if (s.length() < minBytes) {
      where.problem(
          "the secret is "
              + s.length()
              + " bytes; at least "
              + minBytes
              + " are needed (e.g. `openssl rand -hex 32`)");
      return null;
    }
    return s;
  }

  private Path path(Node n, String dflt) {
    String t = n.text(dflt);
    if (t == null) {
      return null;
    }
    try {
      return Path.of(t.strip());
    } catch (InvalidPathException e) {
      n.problem("not a path: " + Checks.quote(t));
      return null;
    }
  }

  private Optional<URI> url(Node n, Function<String, String> check) {
    String t = n.text();
    if (t == null || !report(n, check.apply(t))) {
      return Optional.empty();
    }
    return Optional.of(URI.create(t.strip()));
  }

  private Duration duration(Node n, Duration dflt) {
    String t = n.text();
    if (t == null) {
      return dflt;
    }
    try {
      return Durations.parse(t);
    } catch (IllegalArgumentException e) {
      n.problem(e.getMessage());
      return null;
    }
  }

  private Optional<String> checked(Node n, String value, Function<String, String> check) {
    return value != null && report(n, check.apply(value)) ? Optional.of(value) : Optional.empty();
  }

  private static void onlyFor(Node n, String type) {
    if (n.present()) {
      n.problem("only for type " + type);
    }
  }

  /** Reports the problem if there is one; returns whether the value was fine. */
  static boolean report(Node n, String problem) {
    if (problem != null) {
      n.problem(problem);
      return false;
    }
    return true;
  }

  /** Builds a record; a rule the checks above missed still ends up in the list, with its path. */
  <T> T build(String path, Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      problems.add(path, e.getMessage());
      return null;
    }
  }

  static Set<String> keys(String... names) {
    return new LinkedHashSet<>(List.of(names));
  }
}
