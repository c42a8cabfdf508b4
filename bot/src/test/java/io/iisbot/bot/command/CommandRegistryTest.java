package io.iisbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.bot.command.CommandSpec.Kind;
import io.iisbot.bot.command.CommandSpec.ScopeKind;
import io.iisbot.bot.command.CommandSpec.TargetRule;
import io.iisbot.iis.engine.Action;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry agrees with DESIGN §3.2 and with itself: usage lines, options and actions. */
final class CommandRegistryTest {

  private static final CommandRegistry REGISTRY = Grammar.standard();

  static Stream<CommandSpec> commands() {
    return REGISTRY.all().stream();
  }

  @Test
  void standard_declaresTheCommandsOfTheDesign_once() {
    assertThat(REGISTRY.names())
        .containsExactly(
            "help",
            "status",
            "stop",
            "start",
            "suspend",
            "resume",
            "recycle",
            "reset",
            "events",
            "history",
            "windows",
            "scheduled",
            "release",
            "console")
        .doesNotHaveDuplicates();
  }

  @Test
  void standard_hasACommandForEveryEngineAction() {
    assertThat(
            REGISTRY.all().stream()
                .filter(c -> c.kind() == Kind.CHANGE)
                .map(CommandSpec::action)
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Action.values());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void usage_ofEveryCommand_startsWithItsNameAndHasASummary(CommandSpec c) {
    assertThat(c.usage()).startsWith(c.name());
    assertThat(c.usage("/iis")).startsWith("/iis " + c.name());
    assertThat(c.summary()).isNotBlank().doesNotEndWith(".");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void usage_ofEveryCommand_namesExactlyItsOptionsAndScopes(CommandSpec c) {
    Matcher m = Pattern.compile("--([a-z][a-z-]*)").matcher(c.usage());
    List<String> inUsage = m.results().map(r -> r.group(1)).toList();
    assertThat(inUsage)
        .containsExactlyElementsOf(c.options().stream().map(OptionSpec::name).toList());
    for (OptionSpec o : c.options()) {
      assertThat(c.usage()).contains("[" + o.display() + "]");
    }
    for (ScopeKind k : ScopeKind.values()) {
      assertThat(c.usage().contains(k.prefix() + "NAME")).isEqualTo(c.scopes().contains(k));
    }
    switch (c.target()) {
      case REQUIRED -> assertThat(c.usage()).contains(" <target>").doesNotContain("[<target>]");
      case OPTIONAL -> assertThat(c.usage()).contains("[<target>]");
      case NONE -> assertThat(c.usage()).doesNotContain("<target>");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void options_ofEveryCommand_acceptTheirDefaultsAndBounds(CommandSpec c) {
    CommandParser parser = new CommandParser(REGISTRY, "/iis");
    String target = c.target() == TargetRule.NONE ? "" : " web01";
    String scope = c.scopeRequired() ? " pool:Api" : "";
    for (OptionSpec o : c.options()) {
      // Free text falls back to a word every such option takes, --user's qualified ids included;
      // --at takes a time.
      String value =
          o.type() == OptionSpec.ValueType.FLAG
              ? ""
              : " "
                  + Stream.of(
                          o.defaultValue(), o.choices().stream().findFirst().orElse(null), o.min())
                      .filter(java.util.Objects::nonNull)
                      .findFirst()
                      .orElse(o.name().equals("at") ? "03:00" : "slack:U1");
      assertThat(parser.parse(c.name() + target + scope + " --" + o.name() + value).spec())
          .as(o.display())
          .isEqualTo(c);
    }
  }

  @Test
  void changeCommands_takeReasonAndBatch_andTheDesignsExtras() {
    for (CommandSpec c : REGISTRY.all()) {
      Set<String> options = c.options().stream().map(OptionSpec::name).collect(Collectors.toSet());
      if (c.kind() == Kind.CHANGE) {
        assertThat(options).as(c.name()).contains("reason", "batch");
        assertThat(c.target()).isEqualTo(TargetRule.REQUIRED);
      } else if (c.name().equals("release")) {
        // Freeing a host's lease changes no IIS, but is audited with the reason it must give.
        assertThat(options).as(c.name()).containsExactly("reason");
      } else {
        assertThat(options).as(c.name()).doesNotContain("reason", "batch", "drain", "force");
      }
      assertThat(options.contains("persist")).as(c.name()).isEqualTo(isOneOf(c, "stop", "suspend"));
      assertThat(options.contains("all")).as(c.name()).isEqualTo(isOneOf(c, "stop", "reset"));
      assertThat(options.contains("force")).as(c.name()).isEqualTo(isOneOf(c, "stop", "reset"));
    }
  }

  @Test
  void find_anyCase_findsTheCommand() {
    assertThat(REGISTRY.find("ReCycle")).map(CommandSpec::name).hasValue("recycle");
    assertThat(REGISTRY.find("reboot")).isEmpty();
  }

  @Test
  void constructor_twoCommandsOfOneName_isRefused() {
    Command help = command(REGISTRY.find("help").orElseThrow());
    Command console = command(REGISTRY.find("console").orElseThrow());

    assertThatThrownBy(() -> new CommandRegistry(List.of(help, console, console)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two commands are named console");
  }

  @Test
  void constructor_withoutHelp_isRefused() {
    Command console = command(REGISTRY.find("console").orElseThrow());

    assertThatThrownBy(() -> new CommandRegistry(List.of(console)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a registry needs a help command");
  }

  @Test
  void permissions_areTheCommandNames_butHelpNeedsNone() {
    assertThat(REGISTRY.permissions())
        .containsExactly(
            "status",
            "stop",
            "start",
            "suspend",
            "resume",
            "recycle",
            "reset",
            "events",
            "history",
            "windows",
            "scheduled",
            "release",
            "console");
    assertThat(REGISTRY.find("help").orElseThrow().permission()).isEmpty();
  }

  @Test
  void command_ofAParseFromAnotherRegistry_isRefused() {
    CommandSpec otherStatus =
        CommandSpec.builder("status", "status", "another status").openToAll().build();
    CommandRegistry other =
        new CommandRegistry(
            List.of(command(REGISTRY.find("help").orElseThrow()), command(otherStatus)));
    ParsedCommand parsed = new CommandParser(other, "/iis").parse("status");

    assertThatThrownBy(() -> REGISTRY.command(parsed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status is not of this registry");
  }

  /** A command with this grammar whose handler answers nothing. */
  private static Command command(CommandSpec spec) {
    return new Command() {
      @Override
      public CommandSpec spec() {
        return spec;
      }

      @Override
      public io.iisbot.adapters.chat.ChatReply handle(Invocation call) {
        return new io.iisbot.adapters.chat.ChatReply(List.of(), false);
      }
    };
  }

  @Test
  void commandSpec_changeWithoutAction_isRefused() {
    assertThatThrownBy(
            () ->
                new CommandSpec(
                    "zap",
                    "zap <target>",
                    "zap it",
                    Kind.CHANGE,
                    null,
                    true,
                    TargetRule.REQUIRED,
                    Set.of(),
                    false,
                    List.of(),
                    false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zap: a CHANGE command, and only one, has an action");
  }

  @Test
  void commandSpec_usageNotStartingWithName_isRefused() {
    assertThatThrownBy(
            () ->
                new CommandSpec(
                    "zap",
                    "/iis zap",
                    "zap it",
                    Kind.READ,
                    null,
                    false,
                    TargetRule.NONE,
                    Set.of(),
                    false,
                    List.of(),
                    false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the usage of zap must start with it: /iis zap");
  }

  private static boolean isOneOf(CommandSpec c, String... names) {
    return Arrays.asList(names).contains(c.name());
  }
}
