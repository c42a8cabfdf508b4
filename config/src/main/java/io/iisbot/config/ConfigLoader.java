package io.iisbot.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the bot's YAML configuration, or makes the built-in demo configuration. Every problem is
 * reported at once, each with its key path. Stateless and thread-safe.
 */
public final class ConfigLoader {

  /** The key id of the demo hosts' agents. */
  public static final String DEMO_KEY_ID = "demo";

  /** The identity that holds the demo's {@code admin} role. */
  public static final String DEMO_ADMIN = "console:demo";

  /**
   * The demo's second admin, so the demo can show the second-approver policy on @production (the
   * person who asks cannot also approve).
   */
  public static final String DEMO_APPROVER = "console:demo-approver";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

  private ConfigLoader() {}

  /**
   * Reads, checks and resolves a configuration file. {@code ${NAME}} and {@code ${NAME:-default}}
   * in any value are replaced from {@code env} first; secrets are read from the variables and files
   * the file names.
   *
   * @param env the environment ({@code System.getenv()} in production)
   * @throws ConfigException listing every problem, each with its key path
   */
  public static BotConfig load(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      String why =
          e instanceof java.nio.file.NoSuchFileException
              ? "no such file"
              : e instanceof java.nio.file.AccessDeniedException
                  ? "permission denied"
                  : e.getMessage();
      throw new ConfigException(
          List.of(
              file
                  + ": cannot read: "
                  + why
                  + "; give the configuration's path with --config or IISBOT_CONFIG"));
    }
    return parse(text, file.toString(), env);
  }

  /** {@link #load} on text; {@code source} names it in problems about the file as a whole. */
  static BotConfig parse(String yaml, String source, Map<String, String> env) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new ConfigException(
          List.of(
              source
                  + ": not valid YAML: "
                  + e.getOriginalMessage().lines().findFirst().orElse("")
                  + where));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ConfigException(List.of(source + ": the file is empty"));
    }
    if (!root.isObject()) {
      throw new ConfigException(
          List.of(source + ": must be a mapping of sections (server, hosts, roles, ...)"));
    }
    Problems problems = new Problems();
    substitute(root, "", env, problems);
    return new Resolver(env, problems).resolve(new Node(root, "", problems), false);
  }

  /**
   * The built-in demo: hosts {@code web01}, {@code web02} (groups web and production) and {@code
   * web03} (group web, staging); one role {@code admin} for {@value #DEMO_ADMIN} (and the
   * identities in {@code IISBOT_ADMINS}, comma-separated) allowed everything; a policy asking a
   * second approver for a stop on {@code @production}. The console listens on 127.0.0.1 ({@code
   * IISBOT_PORT}, default 8080); Slack, Discord and Teams are configured when their variables are
   * set.
   *
   * <p>The hosts' agent URLs are placeholders ({@code http://127.0.0.1:9701} and on): the launcher
   * starts its agents with each host's {@link Host#keyId()} and {@link Host#secret()} (random per
   * run) and puts the real URLs in with {@link BotConfig#withHosts} and {@link Host#withAgent}.
   *
   * @param env the environment: {@code IISBOT_PORT}, {@code IISBOT_SECRET} (random when unset),
   *     {@code IISBOT_ADMINS}, {@code SLACK_*} (with {@code SLACK_COMMAND} for another slash
   *     command), {@code DISCORD_*}, {@code TEAMS_*} ({@code TEAMS_APP_ID}, {@code
   *     TEAMS_APP_PASSWORD}, {@code TEAMS_TENANT_ID}, and for tests or proxies {@code
   *     TEAMS_OPENID_URL}, {@code TEAMS_TOKEN_URL}, {@code TEAMS_SERVICE_URL})
   * @param dataDir where the SQLite file goes
   * @throws ConfigException when a variable holds something unusable
   */
  public static BotConfig demo(Map<String, String> env, String dataDir) {
    Map<String, String> e = new HashMap<>(env);
    e.putIfAbsent("IISBOT_SECRET", Secret.random(32).text());
    e.put("IISBOT_DEMO_AGENT_SECRET", Secret.random(32).text());

    Map<String, Object> server = new LinkedHashMap<>();
    server.put("port", env.getOrDefault("IISBOT_PORT", "8080"));
    server.put("bind", "127.0.0.1");
    server.put("dataDir", dataDir);
    server.put("secretEnv", "IISBOT_SECRET");

    List<String> admins = new ArrayList<>(List.of(DEMO_ADMIN, DEMO_APPROVER));
    Arrays.stream(env.getOrDefault("IISBOT_ADMINS", "").split("[,\\s]+"))
        .filter(s -> !s.isBlank())
        .forEach(admins::add);

    Map<String, Object> root = new LinkedHashMap<>();
    root.put("server", server);
    root.put("console", Map.of("enabled", "true"));
    if (set(env, "SLACK_BOT_TOKEN")) {
      root.put("slack", demoSlack(env));
    }
    if (set(env, "DISCORD_BOT_TOKEN") && set(env, "DISCORD_APPLICATION_ID")) {
      root.put("discord", demoDiscord(env));
    }
    if (set(env, "TEAMS_APP_ID")) {
      root.put("teams", demoTeams(env));
    }
    root.put(
        "groups",
        Map.of("web", "the demo's web servers", "production", "hosts that serve customers"));
    root.put(
        "hosts",
        List.of(
            demoHost("web01", 9701, "production", "web", "production"),
            demoHost("web02", 9702, "production", "web", "production"),
            demoHost("web03", 9703, "staging", "web")));
    root.put(
        "roles",
        List.of(
            Map.of(
                "name",
                "admin",
                "members",
                admins,
                "allow",
                List.of(Map.of("actions", List.of("*"), "hosts", List.of("*"))))));
    root.put(
        "policies",
        List.of(
            Map.of(
                "name",
                "production-stop",
                "actions",
                List.of("stop"),
                "hosts",
                List.of("@production"),
                "secondApprover",
                "true")));
    Problems problems = new Problems();
    return new Resolver(e, problems).resolve(new Node(YAML.valueToTree(root), "", problems), true);
  }

  private static Map<String, Object> demoHost(
      String name, int port, String environment, String... groups) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("name", name);
    h.put("agent", "http://127.0.0.1:" + port);
    h.put("keyId", DEMO_KEY_ID);
    h.put("secretEnv", "IISBOT_DEMO_AGENT_SECRET");
    h.put("groups", List.of(groups));
    h.put("environment", environment);
    return h;
  }

  private static Map<String, Object> demoSlack(Map<String, String> env) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("botTokenEnv", "SLACK_BOT_TOKEN");
    if (set(env, "SLACK_SIGNING_SECRET")) {
      s.put("signingSecretEnv", "SLACK_SIGNING_SECRET");
    }
    if (set(env, "SLACK_APP_TOKEN")) {
      s.put("appTokenEnv", "SLACK_APP_TOKEN");
    }
    if (set(env, "SLACK_API_URL")) {
      s.put("apiUrl", env.get("SLACK_API_URL"));
    }
    if (set(env, "SLACK_COMMAND")) {
      s.put("command", env.get("SLACK_COMMAND"));
    }
    return s;
  }

  private static Map<String, Object> demoDiscord(Map<String, String> env) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("botTokenEnv", "DISCORD_BOT_TOKEN");
    d.put("applicationId", env.get("DISCORD_APPLICATION_ID"));
    for (String[] k :
        new String[][] {
          {"publicKey", "DISCORD_PUBLIC_KEY"},
          {"guildId", "DISCORD_GUILD_ID"},
          {"apiUrl", "DISCORD_API_URL"}
        }) {
      if (set(env, k[1])) {
        d.put(k[0], env.get(k[1]));
      }
    }
    return d;
  }

  /** Teams once its app id is set; a missing password or tenant is then reported by name. */
  private static Map<String, Object> demoTeams(Map<String, String> env) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("appId", env.get("TEAMS_APP_ID"));
    t.put("appPasswordEnv", "TEAMS_APP_PASSWORD");
    t.put("tenantId", env.getOrDefault("TEAMS_TENANT_ID", ""));
    for (String[] k :
        new String[][] {
          {"openIdMetadataUrl", "TEAMS_OPENID_URL"},
          {"tokenUrl", "TEAMS_TOKEN_URL"},
          {"serviceUrl", "TEAMS_SERVICE_URL"}
        }) {
      if (set(env, k[1])) {
        t.put(k[0], env.get(k[1]));
      }
    }
    return t;
  }

  private static boolean set(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  /** Replaces references in every text value, in file order; keys are left alone. */
  private static void substitute(
      JsonNode node, String path, Map<String, String> env, Problems problems) {
    if (node instanceof ObjectNode o) {
      for (String name : iterable(o)) {
        String p = path.isEmpty() ? name : path + "." + name;
        JsonNode child = o.get(name);
        if (child.isTextual()) {
          String v = replaced(child.asText(), p, env, problems);
          o.set(name, TextNode.valueOf(v));
        } else {
          substitute(child, p, env, problems);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        String p = path + "[" + i + "]";
        JsonNode child = a.get(i);
        if (child.isTextual()) {
          a.set(i, TextNode.valueOf(replaced(child.asText(), p, env, problems)));
        } else {
          substitute(child, p, env, problems);
        }
      }
    }
  }

  private static String replaced(
      String text, String path, Map<String, String> env, Problems problems) {
    try {
      return Env.substitute(text, env);
    } catch (IllegalArgumentException e) {
      problems.add(path, e.getMessage());
      problems.poison(path);
      return text;
    }
  }

  private static List<String> iterable(ObjectNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
