package io.iisbot.iis.agent.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.iisbot.iis.Durations;
import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.agent.SecretStrength;
import io.iisbot.iis.engine.WarmupRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The agent's configuration file ({@code agent.yaml}), as written. {@link #resolve} checks it and
 * reads the secrets (from the environment or files, never from the file itself), reporting every
 * problem at once with its key path.
 */
public record AgentConfig(
    String host,
    String bind,
    Integer port,
    TlsConfig tls,
    List<KeyConfig> keys,
    AllowConfig allow,
    String keepFinished,
    String logDir,
    Boolean eventLog,
    String simulate,
    String appcmdTimeout,
    List<WarmupConfig> warmup) {

  public static final int DEFAULT_PORT = 9701;

  /**
   * How one site is warmed up, as written: {@code {site: api.contoso.com, path: /health, expect:
   * 200, within: 90s}}, or a {@code url} on this host instead of the path.
   */
  public record WarmupConfig(String site, String path, String url, Integer expect, String within) {}

  /** One key the bot signs with: the secret comes from an environment variable or a file. */
  public record KeyConfig(String id, String secretEnv, String secretFile) {}

  public record TlsConfig(String certificate, String privateKey) {}

  /** Names or patterns ({@code *}, {@code Api*}); absent lists keep the defaults. */
  public record AllowConfig(
      List<String> services, List<String> pools, List<String> sites, Boolean force) {}

  /** The configuration, checked, with secrets read and defaults applied. */
  public record Resolved(
      String host,
      String bind,
      int port,
      Tls.Files tls,
      Map<String, byte[]> keys,
      AllowList allow,
      Duration keepFinished,
      Path logDir,
      boolean eventLog,
      String simulate,
      Duration appcmdTimeout,
      List<WarmupRule> warmup) {}

  /** The checks failed; the message lists every problem, one per line. */
  public static final class Invalid extends RuntimeException {
    public Invalid(List<String> problems) {
      super(String.join("\n", problems));
    }
  }

  private static final ObjectMapper YAML =
      JsonMapper.builder(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
          .build();

  /**
   * Reads {@code agent.yaml}.
   *
   * @throws Invalid for unreadable files, YAML errors and unknown keys
   */
  public static AgentConfig read(Path file) {
    try {
      AgentConfig c =
          YAML.readValue(Files.readString(file, StandardCharsets.UTF_8), AgentConfig.class);
      if (c == null) {
        throw new Invalid(List.of(file + ": the file is empty"));
      }
      return c;
    } catch (JsonMappingException e) {
      String path =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
      throw new Invalid(
          List.of(
              file
                  + ": "
                  + (path.isEmpty() ? "" : path + ": ")
                  + e.getOriginalMessage().lines().findFirst().orElse("")));
    } catch (JsonProcessingException e) {
      throw new Invalid(
          List.of(
              file + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")));
    } catch (IOException e) {
      throw new Invalid(List.of(file + ": cannot read: " + e.getMessage()));
    }
  }

  /** The configuration used without a file: one key from the environment, a simulated host. */
  public static AgentConfig fromEnvironment(String simulate) {
    return new AgentConfig(
        null,
        null,
        null,
        null,
        List.of(new KeyConfig(null, "IISBOT_AGENT_SECRET", null)),
        null,
        null,
        null,
        null,
        simulate,
        null,
        null);
  }

  /**
   * Checks everything and reads the secrets.
   *
   * @param env the environment ({@code System.getenv()} in production)
   * @throws Invalid listing every problem with its key path
   */
  public Resolved resolve(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    boolean simulated = simulate != null && !simulate.isBlank();
    int p = port == null ? DEFAULT_PORT : port;
    if (p < 0 || p > 65535) {
      problems.add("port: must be 0 to 65535, was " + p);
    }
    String b = bind != null ? bind : simulated ? "127.0.0.1" : "0.0.0.0";
    Tls.Files t = null;
    if (tls != null) {
      if (blank(tls.certificate()) || blank(tls.privateKey())) {
        problems.add("tls: needs both certificate and privateKey (PEM files)");
      } else {
        t = new Tls.Files(Path.of(tls.certificate()), Path.of(tls.privateKey()));
        if (!Files.isReadable(t.certificate())) {
          problems.add("tls.certificate: cannot read " + t.certificate());
        }
        if (!Files.isReadable(t.privateKey())) {
          problems.add("tls.privateKey: cannot read " + t.privateKey());
        }
      }
    }
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    List<KeyConfig> ks = keys == null ? List.of() : keys;
    if (ks.isEmpty()) {
      problems.add("keys: at least one key is needed");
    }
    for (int i = 0; i < ks.size(); i++) {
      readKey(ks.get(i), "keys[" + i + "]", env, secrets, problems);
    }
    AllowList allowList = allowList(simulated, problems);
    Duration keep = duration(keepFinished, Duration.ofHours(24), "keepFinished", problems);
    Duration appcmd = duration(appcmdTimeout, Duration.ofSeconds(150), "appcmdTimeout", problems);
    List<WarmupRule> rules = warmupRules(problems);
    if (!problems.isEmpty()) {
      throw new Invalid(problems);
    }
    return new Resolved(
        blank(host) ? defaultHostName(env) : host,
        b,
        p,
        t,
        secrets,
        allowList,
        keep,
        blank(logDir) ? defaultLogDir(env) : Path.of(logDir),
        eventLog == null ? !simulated : eventLog,
        simulated ? simulate : null,
        appcmd,
        rules);
  }

  private List<WarmupRule> warmupRules(List<String> problems) {
    List<WarmupRule> rules = new ArrayList<>();
    java.util.Set<String> sites = new java.util.HashSet<>();
    List<WarmupConfig> ws = warmup == null ? List.of() : warmup;
    for (int i = 0; i < ws.size(); i++) {
      WarmupConfig w = ws.get(i);
      String path = "warmup[" + i + "]";
      if (w == null) {
        problems.add(path + ": an empty entry; give {site, path, expect, within}");
        continue;
      }
      Duration within = null;
      if (!blank(w.within())) {
        try {
          within = Durations.parse(w.within());
        } catch (IllegalArgumentException e) {
          problems.add(path + ".within: " + e.getMessage());
          continue;
        }
      }
      java.net.URI url = null;
      if (!blank(w.url())) {
        try {
          url = new java.net.URI(w.url().strip());
        } catch (java.net.URISyntaxException e) {
          problems.add(path + ".url: not a URL: \"" + w.url() + "\"");
          continue;
        }
      }
      if (!blank(w.site()) && !sites.add(w.site().toLowerCase(java.util.Locale.ROOT))) {
        problems.add(path + ".site: \"" + w.site() + "\" has a warm-up rule already");
        continue;
      }
      try {
        rules.add(new WarmupRule(w.site(), w.path(), url, w.expect(), within));
      } catch (IllegalArgumentException e) {
        problems.add(path + "." + e.getMessage());
      }
    }
    return List.copyOf(rules);
  }

  private static void readKey(
      KeyConfig k,
      String path,
      Map<String, String> env,
      Map<String, byte[]> out,
      List<String> problems) {
    String id = k.id();
    if (id == null && "IISBOT_AGENT_SECRET".equals(k.secretEnv())) {
      id = env.get("IISBOT_AGENT_KEY_ID");
      if (blank(id)) {
        problems.add(path + ".id: IISBOT_AGENT_KEY_ID is not set (the key id the bot signs with)");
        return;
      }
    }
    if (!AgentAuth.isKeyId(id)) {
      problems.add(
          path
              + ".id: needs 1-64 of A-Z a-z 0-9 . _ -, was "
              + (id == null ? "nothing" : "\"" + id + "\""));
      return;
    }
    if (out.containsKey(id)) {
      problems.add(path + ".id: \"" + id + "\" is used twice");
    }
    byte[] secret = null;
    if (!blank(k.secretEnv()) && !blank(k.secretFile())) {
      problems.add(path + ": give secretEnv or secretFile, not both");
      return;
    } else if (!blank(k.secretEnv())) {
      String v = env.get(k.secretEnv());
      if (blank(v)) {
        problems.add(path + ".secretEnv: " + k.secretEnv() + " is not set");
        return;
      }
      secret = v.strip().getBytes(StandardCharsets.UTF_8);
    } else if (!blank(k.secretFile())) {
      try {
        secret =
            Files.readString(Path.of(k.secretFile()), StandardCharsets.UTF_8)
                .strip()
                .getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        problems.add(path + ".secretFile: cannot read " + k.secretFile());
        return;
      }
    } else {
      problems.add(path + ": needs secretEnv or secretFile (secrets never live in this file)");
      return;
    }
    java.util.Optional<String> weak = SecretStrength.problem(secret);
    if (weak.isPresent()) {
      problems.add(
          path + (blank(k.secretEnv()) ? ".secretFile" : ".secretEnv") + ": " + weak.get());
      return;
    }
    out.put(id, secret);
  }

  private AllowList allowList(boolean simulated, List<String> problems) {
    if (allow == null) {
      return simulated
          ? AllowList.everything()
          : new AllowList(List.of("W3SVC", "WAS"), List.of("*"), List.of("*"), false);
    }
    List<String> services = allow.services() == null ? List.of("W3SVC", "WAS") : allow.services();
    List<String> pools = allow.pools() == null ? List.of("*") : allow.pools();
    List<String> sites = allow.sites() == null ? List.of("*") : allow.sites();
    for (String s : services) {
      if (blank(s)) {
        problems.add("allow.services: an empty name");
      }
    }
    return new AllowList(services, pools, sites, allow.force() != null && allow.force());
  }

  private static Duration duration(String text, Duration dflt, String path, List<String> problems) {
    if (blank(text)) {
      return dflt;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(path + ": " + e.getMessage());
      return dflt;
    }
  }

  static String defaultHostName(Map<String, String> env) {
    String n = env.get("COMPUTERNAME");
    if (blank(n)) {
      n = env.get("HOSTNAME");
    }
    if (blank(n)) {
      try {
        n = java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        n = "localhost";
      }
    }
    return n.toLowerCase(java.util.Locale.ROOT);
  }

  static Path defaultLogDir(Map<String, String> env) {
    String programData = env.get("ProgramData");
    return blank(programData) ? Path.of("logs") : Path.of(programData, "iisbot", "logs");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
