package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.logging.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

final class AgentMainTest {

  private static final String SECRET =
      "5f1c9a0e7b3d42c8a6e19f0b2d7c4e8a9b1f3c5d7e9a0b2c4d6e8f0a1b3c5d7e";

  @Test
  void simulate_withKeyFromTheEnvironment_servesSignedRequestsOnLoopback() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AgentMain.Invocation inv =
        AgentMain.Invocation.parse(new String[] {"--simulate", "healthy", "--port", "0"});

    try (Agent agent =
        AgentMain.serve(
            inv,
            Map.of("IISBOT_AGENT_KEY_ID", "trial", "IISBOT_AGENT_SECRET", SECRET),
            new PrintStream(out, true, StandardCharsets.UTF_8))) {
      String auth =
          AgentAuth.header(
              "trial",
              SECRET.getBytes(StandardCharsets.UTF_8),
              "web01",
              "GET",
              "/v1/health",
              "",
              System.currentTimeMillis() / 1000,
              AgentAuth.newNonce(),
              new byte[0]);
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(agent.uri() + "/v1/health"))
                      .header("Authorization", auth)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(agent.uri().getHost()).isEqualTo("127.0.0.1");
      assertThat(out.toString(StandardCharsets.UTF_8))
          .startsWith("iisbot agent for web01 (simulated: healthy) on http://127.0.0.1:")
          .contains("keys: trial");
    }
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void realBackend_offWindows_saysToSimulate() {
    assertThatThrownBy(
            () -> AgentMain.serve(AgentMain.Invocation.parse(new String[0]), Map.of(), System.out))
        .hasMessageContaining("needs Windows; use --simulate SCENARIO");
  }

  @Test
  void installAndRemove_areSubcommandsWithSafeDefaults() {
    AgentMain.Invocation install =
        AgentMain.Invocation.parse(
            new String[] {
              "install", "--config", "agent.yaml", "--account", "NT SERVICE\\iisbot-agent"
            });
    AgentMain.Invocation remove = AgentMain.Invocation.parse(new String[] {"remove"});

    assertThat(install.command).isEqualTo("install");
    assertThat(install.account).isEqualTo("NT SERVICE\\iisbot-agent");
    assertThat(install.name).isEqualTo("iisbot-agent");
    assertThat(remove.command).isEqualTo("remove");
    assertThat(remove.account).isEqualTo("LocalSystem");
  }

  @Test
  void install_withoutConfig_isRefused() {
    assertThatThrownBy(
            () -> AgentMain.install(AgentMain.Invocation.parse(new String[] {"install"}), Map.of()))
        .hasMessage("install needs --config: the service runs with that file");
  }

  @Test
  void badArguments_sayWhatIsWrong() {
    assertThatThrownBy(() -> AgentMain.Invocation.parse(new String[] {"--port", "ninety"}))
        .hasMessage("--port needs a number, was \"ninety\"");
    assertThatThrownBy(() -> AgentMain.Invocation.parse(new String[] {"--frobnicate"}))
        .hasMessage("unknown argument \"--frobnicate\"");
    assertThatThrownBy(() -> AgentMain.Invocation.parse(new String[] {"--config"}))
        .hasMessage("--config needs a value");
    assertThatThrownBy(() -> AgentMain.Invocation.parse(new String[] {"--log-format", "xml"}))
        .hasMessage("--log-format must be text or json, was \"xml\"");
  }

  @Test
  void logFormat_textByDefault_jsonWhenAsked() {
    assertThat(AgentMain.Invocation.parse(new String[0]).logFormat).isEqualTo(LogFormat.TEXT);
    assertThat(AgentMain.Invocation.parse(new String[] {"--log-format", "json"}).logFormat)
        .isEqualTo(LogFormat.JSON);
    assertThat(AgentMain.USAGE).contains("[--log-format text|json]");
  }

  @Test
  void simulate_unknownScenario_listsTheScenarios() {
    AgentMain.Invocation inv =
        AgentMain.Invocation.parse(new String[] {"--simulate", "nope", "--port", "0"});

    assertThatThrownBy(
            () ->
                AgentMain.serve(
                    inv,
                    Map.of("IISBOT_AGENT_KEY_ID", "t", "IISBOT_AGENT_SECRET", SECRET),
                    System.out))
        .hasMessageContaining("healthy, busy, stuck-stop, orphan-worker, access-denied");
  }
}
