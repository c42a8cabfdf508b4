package io.iisbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.CommandCatalog.Option;
import io.iisbot.adapters.chat.CommandCatalog.Option.Kind;
import io.iisbot.adapters.discord.CommandText;
import io.iisbot.iis.engine.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the Discord adapter writes for a slash command is read back by this parser as meant. */
final class DiscordCommandTextTest {

  private static final CommandParser PARSER = new CommandParser(Grammar.standard(), "/iis");

  private static Option text(String name) {
    return new Option(name, name, Kind.STRING, false, false, List.of());
  }

  private static final CommandCatalog.Entry STOP =
      new CommandCatalog.Entry(
          "stop",
          "stop",
          CommandCatalog.TARGET,
          List.of(
              text(CommandCatalog.TARGET),
              text(CommandCatalog.POOL),
              text(CommandCatalog.SITE),
              text("drain"),
              new Option("force", "force", Kind.BOOLEAN, false, false, List.of()),
              new Option("batch", "batch", Kind.INTEGER, false, false, List.of()),
              text("reason")));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "patch Tuesday",
        "say \"hi\" now",
        "it's fine",
        "“done” now",
        "«x» and ‹y›",
        "a=b:c",
        "site:x",
        "pool:\"y\"",
        "@everyone ping",
        "-x",
        "no\u00A0break",
        "ends with a quote'"
      })
  void reason_writtenForDiscord_isParsedBackAsTyped(String reason) {
    String line =
        CommandText.of(
            "iis",
            STOP,
            Map.of(
                CommandCatalog.TARGET,
                "web01, web02",
                CommandCatalog.SITE,
                "Default Web Site",
                "drain",
                "30s",
                "force",
                true,
                "batch",
                2L,
                "reason",
                reason));

    ParsedCommand p = PARSER.parse(line);

    assertThat(p.spec().name()).isEqualTo("stop");
    assertThat(p.target().display()).isEqualTo("web01,web02");
    assertThat(p.scope()).isEqualTo(new Scope.Site("Default Web Site"));
    assertThat(p.options().drain()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.options().force()).isTrue();
    assertThat(p.batch()).isEqualTo(2);
    assertThat(p.reason()).isEqualTo(reason.replace('"', '\''));
  }
}
