package io.iisbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigException;
import io.iisbot.config.ConfigLoader;
import io.iisbot.config.Host;
import io.iisbot.config.HostPattern;
import io.iisbot.iis.Durations;
import io.iisbot.iis.agent.server.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an operator writes means the same in a configuration file as in a chat command: durations
 * and host patterns are read by one type each ({@link Durations}, {@link HostPattern}).
 */
final class SameInYamlAndChatTest {

  private static final CommandParser PARSER = new CommandParser(Grammar.standard(), "/iis");

  private static final String SECRET =
      "5f1c9a0e7b3d42c8a6e19f0b2d7c4e8a9b1f3c5d7e9a0b2c4d6e8f0a1b3c5d7e";

  @TempDir Path dir;

  /** A bot configuration with four hosts and one policy; {@code %s}: its hosts, its timeout. */
  private BotConfig botConfig(String hosts, String confirmTimeout) throws Exception {
    String yaml =
        """
        server: {secretEnv: S}
        groups: {production: Hosts that serve customers}
        hosts:
          - {name: web01, agent: "https://web01:9701", keyId: bot, secretEnv: S, groups: [production]}
          - {name: web02, agent: "https://web02:9701", keyId: bot, secretEnv: S}
          - {name: web10, agent: "https://web10:9701", keyId: bot, secretEnv: S}
          - {name: db01, agent: "https://db01:9701", keyId: bot, secretEnv: S, groups: [production]}
        policies:
          - {name: p, actions: [stop], hosts: ["%s"], confirmTimeout: "%s"}
        """
            .formatted(hosts, confirmTimeout);
    return ConfigLoader.load(
        Files.writeString(dir.resolve("iisbot.yaml"), yaml), Map.of("S", SECRET));
  }

  @Test
  void duration_1point5s_isOneAndAHalfSecondsInYamlAndChat() throws Exception {
    Path agentYaml =
        Files.writeString(
            dir.resolve("agent.yaml"),
            "keys: [{id: bot, secretEnv: S}]\nappcmdTimeout: 1.5s\nkeepFinished: 1.5s\n");

    AgentConfig.Resolved agent = AgentConfig.read(agentYaml).resolve(Map.of("S", SECRET));
    ParsedCommand chat = PARSER.parse("/iis stop web01 --drain 1.5s");

    assertThat(agent.appcmdTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(agent.keepFinished()).isEqualTo(Duration.ofMillis(1500));
    assertThat(chat.options().drain()).isEqualTo(Duration.ofMillis(1500));
    // The bot's file reads 1.5s too; a confirmation prompt just may not be that short.
    assertThatThrownBy(() -> botConfig("*", "1.5s"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("policies[0].confirmTimeout: must be between 10s and 15m, was 1.5s");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"10.5s", "1.5m", "1m30s", "90S", "2M", "0.25h", "12000ms"})
  void duration_sameText_isTheSameInTheBotsYamlAndInChat(String text) throws Exception {
    Duration yaml = botConfig("*", text).policies().get(0).confirmTimeout();
    Duration chat = PARSER.parse("/iis stop web01 --drain " + text).options().drain();

    assertThat(yaml).isEqualTo(chat).isEqualTo(Durations.parse(text));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"web0?", "WEB*", "*0?", "?eb*1", "Web01"})
  void hostPattern_sameText_coversTheSameHostsInYamlAndChat(String pattern) throws Exception {
    BotConfig config = botConfig(pattern, "2m");
    HostPattern inYaml = config.policies().get(0).hosts().get(0);
    Target inChat = PARSER.parse("/iis stop " + pattern).target();

    List<String> coveredInYaml =
        config.hosts().stream().filter(inYaml::matches).map(Host::name).toList();
    List<String> coveredInChat =
        config.hosts().stream().map(Host::name).filter(h -> covers(inChat, h)).toList();

    assertThat(coveredInYaml).isNotEmpty().isEqualTo(coveredInChat);
  }

  @Test
  void hostPattern_group_coversTheSameHostsInYamlAndChat() throws Exception {
    BotConfig config = botConfig("@Production", "2m");
    Target inChat = PARSER.parse("/iis stop @Production").target();

    assertThat(config.hosts().stream().filter(config.policies().get(0).hosts().get(0)::matches))
        .extracting(Host::name)
        .containsExactly("web01", "db01");
    assertThat(inChat).isEqualTo(new Target.Group("production"));
  }

  private static boolean covers(Target t, String host) {
    if (t instanceof Target.Glob g) {
      return g.matches(host);
    }
    return t instanceof Target.Host h && h.name().equals(host);
  }
}
