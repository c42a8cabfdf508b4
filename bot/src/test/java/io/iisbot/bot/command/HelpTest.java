package io.iisbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.bot.command.CommandSpec.Kind;
import org.junit.jupiter.api.Test;

/** What {@code help} shows, read from the registry. */
final class HelpTest {

  private static final CommandRegistry REGISTRY = Grammar.standard();
  private static final Help HELP = new Help(REGISTRY, "/iis");

  @Test
  void command_stop_showsUsageSummaryAndOptionsWithDefaults() {
    assertThat(HELP.command(REGISTRY.find("stop").orElseThrow()))
        .isEqualTo(
            """
            /iis stop <target> [site:NAME | pool:NAME] [--all] [--drain 90s] [--force] [--persist] \
            [--batch N] [--pause-between 30s] [--for 30m] [--at 03:00] [--no-lb] [--reason "text"]
            Stop IIS, a site or an app pool, letting requests in flight finish. Asks for \
            confirmation first.
            Options:
              --all                with a whole host: WAS and its dependent services too
              --drain 90s          how long requests in flight get to finish once the sites take \
            no new ones (1s to 1h) (default 90s)
              --force              kill worker processes still running after the deadline
              --persist            also turn off auto-start so it stays so after a reboot
              --batch N            how many hosts at a time when the target names several \
            (default 1)
              --pause-between 30s  with --batch: how long to wait between batches (1s to 1h); \
            Pause and Continue on the progress message work too
              --for 30m            a maintenance window: after this long the bot undoes it by \
            itself (1m to 24h)
              --at 03:00           confirm now, run then (HH:MM or YYYY-MM-DDTHH:MM, in the bot's \
            time zone)
              --no-lb              leave the load balancer alone: the host stays in rotation \
            (audited)
              --reason "text"      why; recorded and shown to everyone""");
  }

  @Test
  void command_withoutOptions_showsUsageAndSummaryOnly() {
    assertThat(HELP.command(REGISTRY.find("console").orElseThrow()))
        .isEqualTo("/iis console\nSend you, and only you, a sign-in link for the web console.");
  }

  @Test
  void list_filtered_showsOnlyWhatTheCallerMayDo() {
    assertThat(HELP.list(c -> c.kind() != Kind.CHANGE))
        .isEqualTo(
            """
            Commands:
              /iis help       list the commands, or show one command's usage and options
              /iis status     show sites, app pools, workers and requests in flight
              /iis events     show recent IIS and WAS events from the Event Log
              /iis history    show past operations, newest first
              /iis windows    list open maintenance windows (stop/suspend --for 30m), each with End now
              /iis scheduled  list operations scheduled with --at, each with Cancel
              /iis release    free a host whose operation's fate is unknown (its agent stopped answering)
              /iis console    send you, and only you, a sign-in link for the web console
            Type /iis help <command> for its options.""");
  }

  @Test
  void list_unfiltered_listsEveryCommand() {
    assertThat(HELP.list(c -> true).lines().filter(l -> l.startsWith("  /iis ")))
        .hasSize(REGISTRY.all().size());
  }

  @Test
  void render_parsedHelpWithTopic_showsThatCommand() {
    CommandParser parser = new CommandParser(REGISTRY, "/iis");

    assertThat(HELP.render(parser.parse("help console"), c -> true))
        .isEqualTo(HELP.command(REGISTRY.find("console").orElseThrow()));
    assertThat(HELP.render(parser.parse("/iis"), c -> true)).isEqualTo(HELP.list(c -> true));
  }
}
