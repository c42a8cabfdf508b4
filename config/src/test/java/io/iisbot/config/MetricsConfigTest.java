package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code server.metrics}: off by default, open, or behind a token read like any secret. */
final class MetricsConfigTest {

  private static final String SECRET = ExampleConfigTest.SECRET;
  private static final Map<String, String> ENV =
      Map.of("S", SECRET, "K", SECRET, "M", "metrics-token-0123456789");

  private static BotConfig load(String server) {
    return ConfigLoader.parse(
        "server: {secretEnv: S"
            + server
            + "}\n"
            + "hosts:\n"
            + "  - {name: web01, agent: \"https://web01:9701\", keyId: bot, secretEnv: K}\n",
        "iisbot.yaml",
        ENV);
  }

  @Test
  void metrics_notConfigured_isOff() {
    assertThat(load("").server().metrics()).isEqualTo(BotConfig.Metrics.OFF);
  }

  @Test
  void metrics_open_and_token_areRead() {
    assertThat(load(", metrics: open").server().metrics().mode())
        .isEqualTo(BotConfig.Metrics.Mode.OPEN);
    BotConfig.Metrics token = load(", metrics: token, metricsTokenEnv: M").server().metrics();
    assertThat(token.mode()).isEqualTo(BotConfig.Metrics.Mode.TOKEN);
    assertThat(token.token().orElseThrow().text()).isEqualTo("metrics-token-0123456789");
    assertThat(token.toString()).doesNotContain("metrics-token-0123456789");
  }

  @Test
  void metrics_mistakes_saySo() {
    assertThatThrownBy(() -> load(", metrics: public"))
        .hasMessageContaining("server.metrics: must be off, open or token, was \"public\"");
    assertThatThrownBy(() -> load(", metrics: token")).hasMessageContaining("metricsTokenEnv");
    assertThatThrownBy(() -> load(", metrics: token, metricsTokenEnv: NOT_SET"))
        .hasMessageContaining("NOT_SET is not set");
    assertThatThrownBy(() -> load(", metrics: open, metricsTokenEnv: M"))
        .hasMessageContaining("are for metrics: token");
  }
}
