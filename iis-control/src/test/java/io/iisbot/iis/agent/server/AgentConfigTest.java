package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.engine.WarmupRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AgentConfigTest {

  private static final String SECRET =
      "5f1c9a0e7b3d42c8a6e19f0b2d7c4e8a9b1f3c5d7e9a0b2c4d6e8f0a1b3c5d7e";

  @TempDir Path dir;

  @Test
  void example_resolvesWithItsSecretsSupplied() throws Exception {
    Path example = Path.of("..", "config", "examples", "agent.example.yaml");
    String text =
        Files.readString(example)
            .replace("C:\\iisbot\\secrets\\bot-prod.secret", dir.resolve("prod.secret").toString())
            .replace("C:\\iisbot\\agent.crt", dir.resolve("agent.crt").toString())
            .replace("C:\\iisbot\\agent.key", dir.resolve("agent.key").toString());
    Files.writeString(dir.resolve("prod.secret"), SECRET + "\n");
    Files.writeString(dir.resolve("agent.crt"), "x");
    Files.writeString(dir.resolve("agent.key"), "x");
    Path config = Files.writeString(dir.resolve("agent.yaml"), text);

    AgentConfig.Resolved r =
        AgentConfig.read(config).resolve(Map.of("IISBOT_STAGING_SECRET", SECRET + "staging"));

    assertThat(r.host()).isEqualTo("web01");
    assertThat(r.port()).isEqualTo(9701);
    assertThat(r.keys()).containsOnlyKeys("bot-prod", "bot-staging");
    assertThat(new String(r.keys().get("bot-prod"))).isEqualTo(SECRET);
    assertThat(r.allow().force()).isFalse();
    assertThat(r.keepFinished()).isEqualTo(Duration.ofHours(24));
    assertThat(r.tls()).isNotNull();
    assertThat(r.warmup())
        .containsExactly(
            new WarmupRule("api.contoso.com", "/health", null, 200, Duration.ofSeconds(90)));
  }

  @Test
  void warmup_badRules_areEachReportedWithTheirPath() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("agent.yaml"),
            String.join(
                "\n",
                "keys: [{id: k, secretEnv: S}]",
                "warmup:",
                "  - {site: a, url: \"http://10.0.0.5/health\"}",
                "  - {site: b, path: health}",
                "  - {site: c, expect: 700}",
                "  - {site: d, within: 2h}",
                "  - {path: /x}",
                "  - {site: e, url: \"https://localhost/x\"}",
                "  - {site: A, path: /again}",
                "  - {site: f, path: /x, url: \"http://localhost/x\"}",
                ""));

    assertThatThrownBy(() -> AgentConfig.read(config).resolve(Map.of("S", SECRET)))
        .isInstanceOf(AgentConfig.Invalid.class)
        .hasMessageContaining(
            "warmup[0].url: http://10.0.0.5/health is not on this host; a warm-up may only"
                + " request localhost, 127.0.0.1 or [::1]")
        .hasMessageContaining(
            "warmup[1].path: must start with one / and hold no spaces, was \"health\"")
        .hasMessageContaining("warmup[2].expect: an HTTP status 100 to 599, was 700")
        .hasMessageContaining("warmup[3].within: 1s to 30m, was 2h")
        .hasMessageContaining("warmup[4].site: the site's name is needed")
        .hasMessageContaining("warmup[5].url: only http:// URLs on this host")
        .hasMessageContaining("warmup[6].site: \"A\" has a warm-up rule already")
        .hasMessageContaining("warmup[7].url: give path or url, not both");
  }

  @Test
  void warmup_localUrl_isAccepted() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("agent.yaml"),
            "keys: [{id: k, secretEnv: S}]\n"
                + "warmup: [{site: a, url: \"http://127.0.0.1:8080/ready?deep=1\", expect: 204}]\n");

    AgentConfig.Resolved r = AgentConfig.read(config).resolve(Map.of("S", SECRET));

    assertThat(r.warmup())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.url()).hasToString("http://127.0.0.1:8080/ready?deep=1");
              assertThat(w.expect()).isEqualTo(204);
              assertThat(w.within()).isEqualTo(Duration.ofSeconds(60));
            });
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsPath() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("agent.yaml"),
            """
            port: 70000
            keys:
              - {id: a, secretEnv: NOT_SET}
              - {id: "b c", secretEnv: X}
              - {id: d, secretEnv: SHORT}
              - {id: e}
              - {id: f, secretEnv: X, secretFile: /nowhere}
            tls: {certificate: /no/such.crt}
            keepFinished: forever
            """);

    assertThatThrownBy(
            () -> AgentConfig.read(config).resolve(Map.of("SHORT", "too-short", "X", SECRET)))
        .isInstanceOf(AgentConfig.Invalid.class)
        .hasMessage(
            String.join(
                "\n",
                "port: must be 0 to 65535, was 70000",
                "tls: needs both certificate and privateKey (PEM files)",
                "keys[0].secretEnv: NOT_SET is not set",
                "keys[1].id: needs 1-64 of A-Z a-z 0-9 . _ -, was \"b c\"",
                "keys[2].secretEnv: the secret is 9 bytes; at least 32 are needed: make one with `openssl rand -hex 32`",
                "keys[3]: needs secretEnv or secretFile (secrets never live in this file)",
                "keys[4]: give secretEnv or secretFile, not both",
                "keepFinished: \"forever\" is not a duration; write e.g. 90s, 1.5s, 2m, 1h30m"));
  }

  @Test
  void unknownKey_isNamed() throws Exception {
    Path config = Files.writeString(dir.resolve("agent.yaml"), "keys: []\nallow: {forse: true}\n");

    assertThatThrownBy(() -> AgentConfig.read(config))
        .hasMessageContaining("allow")
        .hasMessageContaining("forse");
  }

  @Test
  void withoutAFile_keyComesFromTheEnvironment_andASimulatedHostAllowsEverything() {
    AgentConfig.Resolved r =
        AgentConfig.fromEnvironment("busy")
            .resolve(Map.of("IISBOT_AGENT_KEY_ID", "trial", "IISBOT_AGENT_SECRET", SECRET));

    assertThat(r.keys()).containsOnlyKeys("trial");
    assertThat(r.bind()).isEqualTo("127.0.0.1");
    assertThat(r.allow()).isEqualTo(AllowList.everything());
    assertThat(r.eventLog()).isFalse();
  }

  @Test
  void finding12_weakSecret_isRefusedWithHowToMakeOne() throws Exception {
    Path secretFile = Files.writeString(dir.resolve("weak.secret"), "abcd".repeat(10) + "\n");
    Path config =
        Files.writeString(
            dir.resolve("agent.yaml"),
            "keys:\n  - {id: a, secretEnv: WEAK}\n  - {id: b, secretFile: \""
                + secretFile.toString().replace("\\", "/")
                + "\"}\n");

    assertThatThrownBy(() -> AgentConfig.read(config).resolve(Map.of("WEAK", "a".repeat(32))))
        .isInstanceOf(AgentConfig.Invalid.class)
        .hasMessage(
            String.join(
                "\n",
                "keys[0].secretEnv: the secret is too easy to guess: it repeats a short pattern or"
                    + " uses only a few different characters; make one with `openssl rand -hex 32`",
                "keys[1].secretFile: the secret is too easy to guess: it repeats a short pattern or"
                    + " uses only a few different characters; make one with `openssl rand -hex"
                    + " 32`"));
    assertThatThrownBy(
            () ->
                AgentConfig.fromEnvironment("busy")
                    .resolve(
                        Map.of(
                            "IISBOT_AGENT_KEY_ID", "trial", "IISBOT_AGENT_SECRET", "0".repeat(64))))
        .hasMessageContaining("keys[0].secretEnv: the secret is too easy to guess");
  }

  @Test
  void withoutAFile_missingEnvironment_saysWhichVariables() {
    assertThatThrownBy(() -> AgentConfig.fromEnvironment("busy").resolve(Map.of()))
        .hasMessageContaining("IISBOT_AGENT_KEY_ID is not set");
    assertThatThrownBy(
            () -> AgentConfig.fromEnvironment("busy").resolve(Map.of("IISBOT_AGENT_KEY_ID", "k")))
        .hasMessageContaining("IISBOT_AGENT_SECRET is not set");
  }

  @Test
  void realHost_defaultsToAllInterfacesAndAConservativeAllowList() throws Exception {
    Path config = Files.writeString(dir.resolve("agent.yaml"), "keys: [{id: k, secretEnv: S}]\n");

    AgentConfig.Resolved r =
        AgentConfig.read(config).resolve(Map.of("S", SECRET, "COMPUTERNAME", "WEB07"));

    assertThat(r.bind()).isEqualTo("0.0.0.0");
    assertThat(r.host()).isEqualTo("web07");
    assertThat(r.allow())
        .isEqualTo(
            new AllowList(
                java.util.List.of("W3SVC", "WAS"),
                java.util.List.of("*"),
                java.util.List.of("*"),
                false));
    assertThat(r.eventLog()).isTrue();
  }
}
