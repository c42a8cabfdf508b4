package io.iisbot.adapters.discord;

import static io.iisbot.adapters.discord.Commands.iis;
import static io.iisbot.adapters.discord.Commands.option;
import static io.iisbot.adapters.discord.Commands.sub;
import static io.iisbot.adapters.discord.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.CommandCatalog.Entry;
import io.iisbot.adapters.chat.CommandCatalog.Option;
import io.iisbot.adapters.chat.CommandCatalog.Option.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What Discord would refuse in a registration and cannot be fixed is refused, naming it. */
final class SlashCommandRulesTest {

  @Test
  void registration_badNames_areRefusedNamingThem() {
    String rule = "Discord takes names of 1 to 32 lower-case letters, digits, - and _; ";
    assertThatThrownBy(
            () -> SlashCommandJson.registration(new CommandCatalog("IIS", "x", List.of()), JSON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(rule + "the command /IIS is not one");
    assertThatThrownBy(() -> SlashCommandJson.registration(iis(sub("Stop", null)), JSON))
        .hasMessage(rule + "the subcommand /iis Stop is not one");
    assertThatThrownBy(
            () ->
                SlashCommandJson.registration(
                    iis(sub("stop", null, option("re ason", Kind.STRING, false, false))), JSON))
        .hasMessage(rule + "the option /iis stop --re ason is not one");
    assertThatThrownBy(() -> SlashCommandJson.registration(iis(sub("s".repeat(33), null)), JSON))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SlashCommandJson.registration(iis(sub("", null)), JSON))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void registration_duplicateNames_areRefused() {
    assertThatThrownBy(
            () -> SlashCommandJson.registration(iis(sub("stop", null), sub("stop", null)), JSON))
        .hasMessage("/iis has two subcommands named stop");
    Option force = option("force", Kind.BOOLEAN, false, false);
    assertThatThrownBy(
            () -> SlashCommandJson.registration(iis(sub("stop", null, force, force)), JSON))
        .hasMessage("/iis stop has two options named force");
  }

  @Test
  void registration_missingDescription_isRefused() {
    CommandCatalog c = iis(new Entry("stop", " \n", null, List.of()));

    assertThatThrownBy(() -> SlashCommandJson.registration(c, JSON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/iis stop has no description (Discord shows 1 to 100 characters)");
  }

  @Test
  void registration_over25_isRefused() {
    Entry[] subs = IntStream.range(0, 26).mapToObj(i -> sub("s" + i, null)).toArray(Entry[]::new);
    Option[] options =
        IntStream.range(0, 26)
            .mapToObj(i -> option("o" + i, Kind.STRING, false, false))
            .toArray(Option[]::new);
    String[] choices = IntStream.range(0, 26).mapToObj(i -> "c" + i).toArray(String[]::new);

    assertThatThrownBy(() -> SlashCommandJson.registration(iis(subs), JSON))
        .hasMessage("Discord takes at most 25 subcommands, /iis has 26");
    assertThatThrownBy(() -> SlashCommandJson.registration(iis(sub("stop", null, options)), JSON))
        .hasMessage("Discord takes at most 25 options, /iis stop has 26");
    assertThatThrownBy(
            () ->
                SlashCommandJson.registration(
                    iis(sub("events", null, option("level", Kind.STRING, false, false, choices))),
                    JSON))
        .hasMessage("Discord takes at most 25 choices, /iis events --level has 26");
  }

  @Test
  void registration_badChoices_areRefused() {
    assertThatThrownBy(
            () ->
                SlashCommandJson.registration(
                    iis(
                        sub(
                            "e",
                            null,
                            option("level", Kind.STRING, false, false, "x".repeat(101)))),
                    JSON))
        .hasMessageStartingWith("/iis e --level: a choice is 1 to 100 characters, was 101");
    assertThatThrownBy(
            () ->
                SlashCommandJson.registration(
                    iis(sub("e", null, option("batch", Kind.INTEGER, false, false, "two"))), JSON))
        .hasMessage("/iis e --batch takes whole numbers, but has the choice \"two\"");
    assertThatThrownBy(
            () ->
                SlashCommandJson.registration(
                    iis(sub("e", null, option("force", Kind.BOOLEAN, false, false, "yes"))), JSON))
        .hasMessage("/iis e --force is true or false and cannot have choices");
  }

  @Test
  void registration_positionalThatIsNoOption_isRefused() {
    assertThatThrownBy(() -> SlashCommandJson.registration(iis(sub("stop", "target")), JSON))
        .hasMessage("/iis stop: the positional \"target\" is none of its options");
  }

  @Test
  void registration_over8000Characters_isRefused() {
    String d = "d".repeat(100);
    List<Entry> subs = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      List<Option> options = new ArrayList<>();
      for (int o = 0; o < 20; o++) {
        options.add(new Option("o" + o, d, Kind.STRING, false, false, List.of()));
      }
      subs.add(new Entry("s" + s, d, null, options));
    }

    assertThatThrownBy(
            () -> SlashCommandJson.registration(new CommandCatalog("iis", d, subs), JSON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Discord takes at most 8000 characters of names, descriptions and choices in one"
                + " command; /iis has 8")
        .hasMessageEndingWith("(shorten the descriptions)");
  }
}
