package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.CommandSpec.ScopeKind;
import io.iisbot.bot.command.CommandSpec.TargetRule;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.iis.sim.Scenarios;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command the bot registers answers a well-formed use of it with its own answer: a command
 * cannot be registered without a handler (it would not compile), and none may answer a user "not
 * available yet" or fall through to a usage error.
 */
final class EveryCommandAnswersTest {

  /** The titles of answers that mean the command was not really handled. */
  static final Set<String> NOT_HANDLED =
      Set.of("Not understood", "Unknown target", "Not available yet", "Unknown button");

  @TempDir static Path dir;

  static LoopbackAgents fleet;
  static BotHarness harness;
  static Bot bot;

  @BeforeAll
  static void start() {
    fleet = new LoopbackAgents().add("web01", Scenarios.named("healthy"));
    harness = new BotHarness(fleet, dir);
    bot = harness.bot("web01");
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static Stream<CommandSpec> commands() {
    return bot.commands().all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void aWellFormedUse_isAnsweredByItsHandler(CommandSpec spec) {
    String line = example(spec);

    List<String> posted = harness.chat.type(BotHarness.ALICE, "C1", line);

    assertThat(posted).as(line).isNotEmpty();
    for (String id : posted) {
      ChatMessage m = harness.chat.current(id);
      assertThat(m.title()).as("%s answered %s", line, m.lines()).isNotIn(NOT_HANDLED);
    }
  }

  /** {@code /iis recycle web01 pool:DefaultAppPool}: the target and scope it needs. */
  static String example(CommandSpec spec) {
    StringBuilder b = new StringBuilder("/iis ").append(spec.name());
    if (spec.target() != TargetRule.NONE) {
      b.append(" web01");
    }
    if (spec.scopeRequired()) {
      b.append(spec.scopes().contains(ScopeKind.POOL) ? " pool:DefaultAppPool" : " site:s");
    }
    return b.toString();
  }
}
