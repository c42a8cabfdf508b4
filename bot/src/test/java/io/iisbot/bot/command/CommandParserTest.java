package io.iisbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.iisbot.iis.Durations;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The grammar of DESIGN §3.2, as a table of typed lines and what they mean or why they fail. */
final class CommandParserTest {

  private static final CommandParser PARSER = new CommandParser(Grammar.standard(), "/iis");

  static Stream<Arguments> valid() {
    return Stream.of(
        // every command
        arguments("/iis help", "help"),
        arguments("/iis help stop", "help topic=stop"),
        arguments("help RECYCLE", "help topic=recycle"),
        arguments("", "help"),
        arguments("/iis", "help"),
        arguments("stop --help", "help topic=stop"),
        arguments("/iis status web01", "status host:web01"),
        arguments("/iis stop web01", "stop host:web01"),
        arguments("/iis start web01 site:Default", "start host:web01 site:Default"),
        arguments("/iis suspend web01 pool:Api", "suspend host:web01 pool:Api"),
        arguments("/iis resume web01 pool:Api", "resume host:web01 pool:Api"),
        arguments("/iis recycle web01 pool:Api", "recycle host:web01 pool:Api"),
        arguments("/iis reset web01", "reset host:web01"),
        arguments("/iis events web01", "events host:web01 since=1h level=warning"),
        arguments("/iis history", "history"),
        arguments("/iis history web01", "history host:web01"),
        arguments("/iis console", "console"),
        arguments("/iis console", "console"),
        // every option
        arguments(
            "stop web01 --all --drain 30s --force --persist --batch 5 --reason deploy",
            "stop host:web01 drain=30s all force persist batch=5 reason=deploy"),
        arguments("reset web01 --all --force", "reset host:web01 all force"),
        arguments("reset web01 --drain 2m", "reset host:web01 drain=2m"),
        arguments("suspend web01 --drain 10s --persist", "suspend host:web01 drain=10s persist"),
        arguments("start web01 --batch 50", "start host:web01 batch=50"),
        arguments("suspend web03 --for 30m", "suspend host:web03 for=30m"),
        arguments("stop web03 --for 24h --reason x", "stop host:web03 reason=x for=24h"),
        arguments("recycle web01 pool:Api --at 03:00", "recycle host:web01 pool:Api at=03:00"),
        arguments("reset web01 --at 2026-12-24T03:00", "reset host:web01 at=2026-12-24T03:00"),
        arguments("start web01 --at 7:05", "start host:web01 at=07:05"),
        arguments("resume @web-prod --batch 3", "resume group:web-prod batch=3"),
        arguments("recycle web0* pool:Api --batch 2", "recycle glob:web0* pool:Api batch=2"),
        arguments(
            "events web01 --since 15m --level error", "events host:web01 since=15m level=error"),
        arguments("events web01 --level CRITICAL", "events host:web01 since=1h level=critical"),
        arguments(
            "history web01 --limit 200 --user slack:U024BE7LH --action stop --outcome failed",
            "history host:web01 limit=200 user=slack:U024BE7LH action=stop outcome=failed"),
        arguments("history --user <@U024BE7LH>", "history user=slack:U024BE7LH"),
        arguments("history --user <@U024BE7LH|alice>", "history user=slack:U024BE7LH"),
        arguments("history --user <@80351110224678912>", "history user=discord:80351110224678912"),
        arguments("history --user <@!80351110224678912>", "history user=discord:80351110224678912"),
        arguments("history --user Slack:U024BE7LH", "history user=slack:U024BE7LH"),
        arguments("history --outcome partially-succeeded", "history outcome=partially_succeeded"),
        // The audit's own words, which the console's filter takes too.
        arguments("history --outcome denied", "history outcome=denied"),
        arguments("history --outcome Awaiting-Approval", "history outcome=awaiting_approval"),
        // forms of values
        arguments("stop web01 --drain=90s", "stop host:web01"),
        arguments("stop web01 --drain 1m30s", "stop host:web01"),
        arguments("stop web01 --drain=2m", "stop host:web01 drain=2m"),
        arguments("stop web01 --reason=\"disk full\"", "stop host:web01 reason=disk full"),
        arguments("stop --force web01", "stop host:web01 force"),
        // quotes of each kind
        arguments(
            "stop web01 site:\"Default Web Site\"", "stop host:web01 site:\"Default Web Site\""),
        arguments(
            "stop web01 site:'Default Web Site'", "stop host:web01 site:\"Default Web Site\""),
        arguments(
            "stop web01 site:“Default Web Site”", "stop host:web01 site:\"Default Web Site\""),
        arguments(
            "stop web01 site:‘Default Web Site’", "stop host:web01 site:\"Default Web Site\""),
        arguments(
            "stop web01 site:«Default Web Site»", "stop host:web01 site:\"Default Web Site\""),
        arguments(
            "stop web01 site:„Default Web Site“", "stop host:web01 site:\"Default Web Site\""),
        arguments("stop web01 --reason “patch Tuesday”", "stop host:web01 reason=patch Tuesday"),
        arguments("stop web01 --reason ‘don’t panic’", "stop host:web01 reason=don’t panic"),
        arguments("stop web01 --reason it's", "stop host:web01 reason=it's"),
        arguments("stop web01 --reason \"he said 'now'\"", "stop host:web01 reason=he said 'now'"),
        arguments("stop \"web01\"", "stop host:web01"),
        // case, spaces, dashes from phones
        arguments("  /IIS STOP WEB01 --FORCE  ", "stop host:web01 force"),
        arguments("iis stop web01", "stop host:web01"),
        arguments("stop web01 SITE:Default", "stop host:web01 site:Default"),
        arguments("stop web01 —force", "stop host:web01 force"),
        arguments("stop web01 –drain 30s", "stop host:web01 drain=30s"),
        arguments("stop\u00a0web01", "stop host:web01"),
        // targets
        arguments("stop web01,web02,@db", "stop any(host:web01,host:web02,group:db)"),
        arguments("stop web01, web02 --batch 2", "stop any(host:web01,host:web02) batch=2"),
        arguments("stop @WEB-PROD", "stop group:web-prod"),
        arguments("stop web?1", "stop glob:web?1"),
        arguments("stop web0*,@db", "stop any(glob:web0*,group:db)"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("valid")
  void parse_validLine_readsAsExpected(String line, String expected) {
    assertThat(describe(PARSER.parse(line))).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        // unknown words
        arguments("stpo web01", "unknown command \"stpo\" — did you mean stop?"),
        arguments("/iis reboot web01", "unknown command \"reboot\"; see /iis help"),
        arguments("help stpo", "unknown command \"stpo\" — did you mean stop?"),
        arguments("stop web01 --forse", "unknown option --forse — did you mean --force?"),
        arguments(
            "stop web01 --yolo",
            "unknown option --yolo; stop takes --all, --drain, --force,"
                + " --persist, --batch, --pause-between, --for, --at, --no-lb, --reason"),
        arguments("console --yolo", "unknown option --yolo; console takes no options"),
        arguments("status web01 --force", "status takes no --force"),
        arguments("suspend web01 --for 30s", "--for must be between 1m and 24h, was 30s"),
        arguments("stop web01 --for 25h", "--for must be between 1m and 24h, was 25h"),
        arguments("start web01 --for 1h", "start takes no --for"),
        arguments(
            "stop web01 --at 3pm",
            "--at needs a time like 03:00 or a date and time like 2026-12-24T03:00, was \"3pm\""),
        arguments(
            "stop web01 --at 25:00",
            "--at needs a time like 03:00 or a date and time like 2026-12-24T03:00, was"
                + " \"25:00\""),
        arguments("start web01 --drain 30s", "start takes no --drain"),
        arguments("status web01 --reason x", "status takes no --reason"),
        // values
        arguments("stop web01 --drain fast", "--drain needs a duration like 90s, was \"fast\""),
        arguments("stop web01 --drain -5s", "--drain needs a duration like 90s, was \"-5s\""),
        arguments("stop web01 --drain 0s", "drain must be between 1s and 1h, was 0ms"),
        arguments("stop web01 --drain 2h", "drain must be between 1s and 1h, was 2h"),
        arguments("stop web01 --drain", "--drain needs a value, like --drain 90s"),
        arguments("stop web01 --drain --force", "--drain needs a value, like --drain 90s"),
        arguments("events web01 --since 31d", "--since must be between 1m and 30d, was 31d"),
        arguments("stop web01 --batch 0", "--batch must be 1 to 50, was 0"),
        arguments("stop web01 --batch 999", "--batch must be 1 to 50, was 999"),
        arguments(
            "stop web01 --batch 99999999999999999999",
            "--batch must be 1 to 50, was 99999999999999999999"),
        arguments("stop web01 --batch two", "--batch needs a whole number, was \"two\""),
        arguments("history --limit 201", "--limit must be 1 to 200, was 201"),
        arguments(
            "events web01 --level loud",
            "--level must be one of critical, error, warning, information, verbose, was \"loud\""),
        arguments(
            "history --action reboot",
            "--action must be one of stop, start, suspend, resume, recycle, reset, was \"reboot\""),
        arguments(
            "history --outcome exploded",
            "--outcome must be one of succeeded, partially_succeeded, failed, cancelled, not_run,"
                + " unknown, released, denied, refused, prompted, confirmed, awaiting_approval, approved, changed, was"
                + " \"exploded\""),
        arguments(
            "history --user \"a b\"", "--user needs a user id like slack:U024BE7LH, was \"a b\""),
        // An id without its platform would match no entry: the audit keeps them qualified.
        arguments(
            "history --user U024BE7LH",
            "--user needs a user id like slack:U024BE7LH, was \"U024BE7LH\""),
        arguments(
            "history --user <@alice>",
            "--user needs a user id like slack:U024BE7LH, was \"<@alice>\""),
        arguments("stop web01 --force=yes", "--force takes no value, was \"yes\""),
        arguments("stop web01 --reason \"\"", "--reason needs a value, like --reason \"text\""),
        arguments("stop web01 --drain 30s --drain=60s", "--drain is given twice"),
        arguments("stop web01 --force --FORCE", "--force is given twice"),
        // scopes and combinations the engine refuses
        arguments("recycle web01", "recycle needs a pool: recycle <host> pool:NAME"),
        arguments("recycle web01 site:Default", "recycle takes pool:NAME, not site:"),
        arguments("reset web01 pool:Api", "reset takes no site: or pool:"),
        arguments(
            "stop web01 site:Default --all", "--all goes only with stop or reset of a whole host"),
        arguments("stop web01 site:A pool:B", "site: and pool: together; give one of them"),
        arguments("stop web01 site:A site:B", "site: is given twice"),
        arguments(
            "stop web01 site:",
            "site: needs a name right after the colon, like site:Default or site:\"Default Web Site\""),
        arguments(
            "stop web01 site:\"  \"",
            "site: needs a name right after the colon, like"
                + " site:Default or site:\"Default Web Site\""),
        arguments("status web01 site:Default", "status takes no site: or pool:"),
        // targets
        arguments(
            "stop",
            "stop needs a target: a host (web01), a group (@web-prod), a pattern (web0*) or a list"
                + " (web01,web02)"),
        arguments("stop \"\"", "the target is empty"),
        arguments(
            "stop web01,,web02",
            "empty name in the list \"web01,,web02\"; separate names with one comma"),
        arguments(
            "stop web01 web02",
            "unexpected \"web02\" after the target web01; name several hosts"
                + " with commas, like web01,web02"),
        arguments("stop web01,web01", "web01 is in the list twice"),
        arguments("stop @", "the group name is empty"),
        arguments(
            "stop @web_prod", "\"web_prod\" is not a group name; use a-z, 0-9 and - after the @"),
        arguments(
            "stop web01.contoso.com",
            "\"web01.contoso.com\" is not a host name; use a-z, 0-9"
                + " and -, at most 63 characters, not starting with -"),
        arguments(
            "stop " + "a".repeat(64),
            "\""
                + "a".repeat(40)
                + "…\" is not a host name; use a-z,"
                + " 0-9 and -, at most 63 characters, not starting with -"),
        arguments("console now", "console takes no target, was \"now\""),
        arguments("help stop start", "help takes one command name, was also \"start\""),
        // hostile
        arguments(
            "stop web01; reboot",
            "\"web01;\" is not a host name; use a-z, 0-9 and -, at most 63"
                + " characters, not starting with -"),
        arguments(
            "stop web01 && shutdown /s",
            "unexpected \"&&\" after the target web01; name several"
                + " hosts with commas, like web01,web02"),
        arguments(
            "stop $(reboot)",
            "\"$(reboot)\" is not a host name; use a-z, 0-9 and -, at most 63"
                + " characters, not starting with -"),
        arguments(
            "stop web01|web02",
            "\"web01|web02\" is not a host name; use a-z, 0-9 and -, at most"
                + " 63 characters, not starting with -"),
        arguments(
            "stop web01 site:\"x; rm -rf /\"",
            "site:\"x; rm -rf /\" cannot be an IIS name: it"
                + " holds ; (IIS names cannot hold \\ / ? ; : @ & = + $ , | \" < > *)"),
        arguments(
            "stop web01\nreboot web02",
            "the character \\n at position 11 is not allowed: a command"
                + " is one line of visible text"),
        arguments(
            "stop web01\r",
            "the character \\r at position 11 is not allowed: a command is one"
                + " line of visible text"),
        arguments(
            "stop web01 \u001b[31m",
            "the character \\u001B at position 12 is not allowed: a"
                + " command is one line of visible text"),
        arguments(
            "stop web\u200b01",
            "the character \\u200B at position 9 is not allowed: a command is"
                + " one line of visible text"),
        arguments(
            "stop web01 \u202egnp.exe",
            "the character \\u202E at position 12 is not allowed: a"
                + " command is one line of visible text"),
        arguments(
            "stop " + "x".repeat(10_240),
            "the command is 10245 characters long; the limit is 500" + " characters"),
        arguments(
            "stоp web01",
            "unknown command \"stоp\" (it holds U+043E at position 3) — did you mean" + " stop?"),
        arguments(
            "stop wеb01",
            "\"wеb01\" is not a host name: it holds U+0435 at position 2; use a-z,"
                + " 0-9 and -, at most 63 characters, not starting with -"),
        arguments(
            "ｓｔｏｐ web01",
            "unknown command \"ｓｔｏｐ\" (it holds U+FF53 at position 1); see /iis" + " help"),
        arguments(
            "stop web01 --reason \"abc",
            "unterminated quote: nothing closes the \" before abc; end it" + " with \""),
        arguments(
            "stop web01 site:“Default Web Site",
            "unterminated quote: nothing closes the “ before" + " Default Web Site; end it with ”"),
        arguments(
            "stop web01 --reason \"", "unterminated quote: the \" at the end is never closed"),
        arguments(
            "stop web01 --reason \"say \"hi\" now\"",
            "unexpected \"now\\\"\"; inside quoted text"
                + " use the other kind of quote, like \"say 'hi' now\""),
        arguments(
            "stop web01 --reason it’s broken",
            "unexpected \"broken\"; put text with spaces in"
                + " quotes, like --reason \"it’s broken\""),
        arguments(
            "stop web01 --reason " + "r".repeat(301),
            "--reason is 301 characters long; the limit" + " is 300"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalid")
  void parse_invalidLine_failsSayingWhatWasWrong(String line, String message) {
    assertThatThrownBy(() -> PARSER.parse(line))
        .isInstanceOf(UsageException.class)
        .hasMessage(message);
  }

  @Test
  void parse_badOption_carriesTheCommandsUsageLine() {
    assertThatThrownBy(() -> PARSER.parse("recycle web01 --batch 0"))
        .isInstanceOfSatisfying(
            UsageException.class,
            e ->
                assertThat(e.usage())
                    .isEqualTo(
                        "/iis recycle <target> pool:NAME [--batch N] [--pause-between 30s] [--at 03:00]"
                            + " [--no-lb] [--reason \"text\"]"));
  }

  @Test
  void parse_unknownCommand_carriesTheCommandList() {
    assertThatThrownBy(() -> PARSER.parse("reboot web01"))
        .isInstanceOfSatisfying(
            UsageException.class,
            e -> {
              assertThat(e.usage().lines()).hasSize(Grammar.standard().all().size());
              assertThat(e.usage()).startsWith("/iis help [command]\n/iis status <target>\n");
              assertThat(e.reply())
                  .startsWith("unknown command \"reboot\"; see /iis help\nCommands:\n");
            });
  }

  @Test
  void parse_otherCommandName_rendersUsageWithIt() {
    CommandParser ops = new CommandParser(Grammar.standard(), "/ops");

    assertThat(ops.parse("/ops stop web01").spec().name()).isEqualTo("stop");
    assertThatThrownBy(() -> ops.parse("/ops console now"))
        .isInstanceOfSatisfying(
            UsageException.class, e -> assertThat(e.usage()).isEqualTo("/ops console"));
  }

  @Test
  void parse_hostileInput_neverEchoesControlCharacters() {
    String[] lines = {
      "stop web01\u0007", "st\u0000op", "stop web01 --reason \"a\nb\"", "stop \u001b]0;x\u0007"
    };
    for (String line : lines) {
      assertThatThrownBy(() -> PARSER.parse(line))
          .isInstanceOfSatisfying(
              UsageException.class,
              e ->
                  assertThat(e.reply().replace("\n", ""))
                      .as(line)
                      .doesNotContainPattern("\\p{Cc}"));
    }
  }

  @Test
  void request_ofChangeCommand_isTheEngineRequest() {
    ParsedCommand c = PARSER.parse("stop web01 pool:Api --drain 30s --force --persist");

    assertThat(c.request())
        .isEqualTo(
            new OperationRequest(
                Action.STOP,
                new Scope.Pool("Api"),
                new Options(java.time.Duration.ofSeconds(30), true, true, false)));
  }

  @Test
  void request_ofReadCommand_isRefused() {
    ParsedCommand c = PARSER.parse("status web01");

    assertThatThrownBy(c::request)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("status does not change IIS state");
  }

  @Test
  void glob_matches_hostNamesCaseInsensitively() {
    Target.Glob g = new Target.Glob("web0?");

    assertThat(g.matches("WEB01")).isTrue();
    assertThat(g.matches("web010")).isFalse();
    assertThat(new Target.Glob("web*").matches("web-prod-1")).isTrue();
  }

  /** A compact reading of a parsed command that names only what differs from the defaults. */
  static String describe(ParsedCommand c) {
    List<String> p = new ArrayList<>();
    p.add(c.spec().name());
    if (c.target() != null) {
      p.add(target(c.target()));
    }
    if (!(c.scope() instanceof Scope.Host)) {
      p.add(c.scope().display());
    }
    Options o = c.options();
    if (!o.drain().equals(Options.DEFAULT_DRAIN)) {
      p.add("drain=" + Durations.format(o.drain()));
    }
    if (o.all()) {
      p.add("all");
    }
    if (o.force()) {
      p.add("force");
    }
    if (o.persist()) {
      p.add("persist");
    }
    if (c.batch() != ParsedCommand.DEFAULT_BATCH) {
      p.add("batch=" + c.batch());
    }
    if (c.reason() != null) {
      p.add("reason=" + c.reason());
    }
    if (c.since() != null) {
      p.add("since=" + Durations.format(c.since()));
    }
    if (c.window() != null) {
      p.add("for=" + Durations.format(c.window()));
    }
    if (c.at() != null) {
      p.add("at=" + c.at());
    }
    if (c.level() != null) {
      p.add("level=" + c.level().name().toLowerCase(Locale.ROOT));
    }
    if (c.limit() != ParsedCommand.DEFAULT_LIMIT) {
      p.add("limit=" + c.limit());
    }
    if (c.filter().user() != null) {
      p.add("user=" + c.filter().user());
    }
    if (c.filter().action() != null) {
      p.add("action=" + c.filter().action().verb());
    }
    if (c.filter().outcome() != null) {
      p.add("outcome=" + c.filter().outcome());
    }
    if (c.helpTopic() != null) {
      p.add("topic=" + c.helpTopic());
    }
    return String.join(" ", p);
  }

  private static String target(Target t) {
    if (t instanceof Target.Host h) {
      return "host:" + h.name();
    }
    if (t instanceof Target.Group g) {
      return "group:" + g.name();
    }
    if (t instanceof Target.Glob g) {
      return "glob:" + g.pattern();
    }
    return "any("
        + ((Target.AnyOf) t)
            .targets().stream().map(CommandParserTest::target).collect(Collectors.joining(","))
        + ")";
  }
}
