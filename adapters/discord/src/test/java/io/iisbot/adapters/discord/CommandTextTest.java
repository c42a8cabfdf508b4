package io.iisbot.adapters.discord;

import static io.iisbot.adapters.discord.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.CommandCatalog.Entry;
import io.iisbot.adapters.chat.CommandCatalog.Option;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Discord's options back into the line the bot parses. */
final class CommandTextTest {

  private static Map<String, Object> values(Object... nameValue) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put((String) nameValue[i], nameValue[i + 1]);
    }
    return m;
  }

  @Test
  void of_stopWithOptions_isInTheOrderTheBotDocuments() {
    String text =
        CommandText.of(
            "iis",
            Commands.STOP,
            values(
                "reason", "patch Tuesday",
                "force", true,
                "drain", "30s",
                "pool", "Api",
                "target", "web01",
                "persist", false));

    assertThat(text)
        .isEqualTo("/iis stop web01 pool:Api --drain 30s --force --reason \"patch Tuesday\"");
  }

  @Test
  void of_siteWithSpaces_isQuotedAfterTheColon() {
    assertThat(
            CommandText.of(
                "/iis", Commands.STOP, values("target", "@web", "site", "Default Web Site")))
        .isEqualTo("/iis stop @web site:\"Default Web Site\"");
  }

  @Test
  void of_help_takesTheCommandNameAsPositional() {
    assertThat(CommandText.of("iis", Commands.HELP, values("command", "stop")))
        .isEqualTo("/iis help stop");
    assertThat(CommandText.of("iis", Commands.HELP, values())).isEqualTo("/iis help");
  }

  @Test
  void of_subcommandWithoutOptions_isItsName() {
    assertThat(CommandText.of("iis", Commands.CONSOLE, Map.of())).isEqualTo("/iis console");
  }

  @Test
  void of_integerAndChoice_areWrittenAsOptions() {
    assertThat(CommandText.of("iis", Commands.STOP, values("target", "web0*", "batch", 2L)))
        .isEqualTo("/iis stop web0* --batch 2");
    assertThat(CommandText.of("iis", Commands.STOP, values("target", "web0*", "batch", 3)))
        .isEqualTo("/iis stop web0* --batch 3");
    assertThat(
            CommandText.of("iis", Commands.EVENTS, values("target", "web01", "level", "warning")))
        .isEqualTo("/iis events web01 --level warning");
  }

  @Test
  void of_falseNullAndBlankValues_areLeftOut() {
    Map<String, Object> v = values("target", "web01", "force", false, "reason", "  ");
    v.put("drain", null);

    assertThat(CommandText.of("iis", Commands.STOP, v)).isEqualTo("/iis stop web01");
  }

  @Test
  void of_listTypedWithSpaces_isOneTarget() {
    assertThat(CommandText.of("iis", Commands.STOP, values("target", "web01, web02 ,@db")))
        .isEqualTo("/iis stop web01,web02,@db");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "say \"hi\" now       | \"say 'hi' now\"",
        "it's                 | \"it's\"",
        "“done”               | \"“done”\"",
        "«x»                  | \"«x»\"",
        "a=b:c                | a=b:c",
        "site:x               | \"site:x\"",
        "Pool:x               | \"Pool:x\"",
        "-x                   | -x",
        "tab\tinside          | \"tab\tinside\"",
        "no\u00A0break        | \"no\u00A0break\"",
      })
  void of_valueTheParserWouldMisread_isQuoted(String value, String written) {
    assertThat(CommandText.of("iis", Commands.STOP, values("target", "web01", "reason", value)))
        .isEqualTo("/iis stop web01 --reason " + written);
  }

  @Test
  void of_targetThatLooksLikeAScope_isQuoted() {
    assertThat(CommandText.of("iis", Commands.STOP, values("target", "site:web")))
        .isEqualTo("/iis stop \"site:web\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"--force|--", "—force|—", "–force|–"})
  void of_valueStartingWithDashes_isRefused(String value, String dashes) {
    assertThatThrownBy(
            () -> CommandText.of("iis", Commands.STOP, values("target", "web01", "reason", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the value of reason cannot start with "
                + dashes
                + ": the bot would read it as an option");
    assertThatThrownBy(() -> CommandText.of("iis", Commands.STOP, values("target", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the value of target cannot start with");
  }

  @Test
  void of_valueWithALineBreak_isRefused() {
    for (String value : new String[] {"a\nb", "a\r\nb", "a\u2028b"}) {
      assertThatThrownBy(
              () ->
                  CommandText.of("iis", Commands.STOP, values("target", "web01", "reason", value)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the value of reason cannot hold a line break: a command is one line");
    }
  }

  @Test
  void of_unknownOption_isRefusedNamingIt() {
    assertThatThrownBy(() -> CommandText.of("iis", Commands.CONSOLE, values("target", "web01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("console has no option \"target\"");
  }

  @Test
  void of_valueOfTheWrongType_isRefused() {
    assertThatThrownBy(
            () -> CommandText.of("iis", Commands.STOP, values("target", "web01", "force", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stop --force takes true or false, was String yes");
    assertThatThrownBy(
            () -> CommandText.of("iis", Commands.STOP, values("target", "web01", "batch", 2.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stop --batch takes a whole number, was Double 2.5");
    assertThatThrownBy(() -> CommandText.of("iis", Commands.STOP, values("target", 7L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stop --target takes text, was Long 7");
  }

  @Test
  void ofData_handBuiltInteraction_isTheCommandLine() throws Exception {
    JsonNode data =
        JSON.readTree(
            """
            {"id": "771825006014889984", "name": "iis", "type": 1,
             "options": [{"type": 1, "name": "stop", "options": [
               {"name": "target", "type": 3, "value": "web01"},
               {"name": "force", "type": 5, "value": true},
               {"name": "batch", "type": 4, "value": 2},
               {"name": "pool", "type": 3, "value": "Api"},
               {"name": "reason", "type": 3, "value": "patch Tuesday"}]}]}
            """);

    assertThat(CommandText.of("/iis", data, Commands.IIS))
        .isEqualTo("/iis stop web01 pool:Api --force --batch 2 --reason \"patch Tuesday\"");
  }

  @Test
  void ofData_subcommandWithoutOptions_isItsName() throws Exception {
    JsonNode data =
        JSON.readTree("{\"name\": \"iis\", \"options\": [{\"type\": 1, \"name\": \"console\"}]}");

    assertThat(CommandText.of("iis", data, Commands.IIS)).isEqualTo("/iis console");
  }

  @Test
  void ofData_djsTestCommandWithoutOptions_isTheCommandAlone() {
    JsonNode data = Fixtures.json("discord/djs-test-application-command.json").get("data");
    CommandCatalog test = new CommandCatalog("test", "a test command", List.of(Commands.CONSOLE));

    assertThat(CommandText.of("test", data, test)).isEqualTo("/test");
  }

  @Test
  void ofData_docsExampleWithOptionsButNoSubcommand_isRefused() {
    JsonNode data = Fixtures.json("discord/slash-command-interaction.json").get("data");
    CommandCatalog cardsearch = cardsearch();

    assertThatThrownBy(() -> CommandText.of("cardsearch", data, cardsearch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "/cardsearch was given options but no subcommand (first: \"cardname\"); every command"
                + " is a subcommand of /cardsearch");
  }

  @Test
  void ofData_docsExampleUnderASubcommand_isTheCommandLine() {
    JsonNode interaction = Fixtures.json("discord/slash-command-interaction.json");
    ObjectNode data = interaction.get("data").deepCopy();
    // The same option as iisbot registers it: under a subcommand.
    ObjectNode search = JSON.createObjectNode().put("type", 1).put("name", "search");
    search.set("options", data.get("options"));
    data.putArray("options").add(search);

    assertThat(interaction.get("type").asInt()).isEqualTo(2);
    assertThat(CommandText.of("cardsearch", data, cardsearch()))
        .isEqualTo("/cardsearch search \"The Gitrog Monster\"");
  }

  private static CommandCatalog cardsearch() {
    Option cardname =
        new Option("cardname", "the card", Option.Kind.STRING, true, false, List.of());
    return new CommandCatalog(
        "cardsearch",
        "find a card",
        List.of(new Entry("search", "find a card by name", "cardname", List.of(cardname))));
  }

  @Test
  void ofData_notThisCommand_isRefused() throws Exception {
    assertThatThrownBy(
            () -> CommandText.of("iis", JSON.readTree("{\"name\": \"other\"}"), Commands.IIS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the interaction is for /other, not /iis");
    assertThatThrownBy(
            () ->
                CommandText.of(
                    "iis", JSON.readTree("{\"name\": \"iis\", \"type\": 2}"), Commands.IIS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the interaction is a command of type 2, not a slash command (type 1)");
    assertThatThrownBy(() -> CommandText.of("iis", null, Commands.IIS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the interaction has no data object");
  }

  @Test
  void ofData_unknownSubcommandOrGroup_isRefused() throws Exception {
    JsonNode unknown =
        JSON.readTree("{\"name\": \"iis\", \"options\": [{\"type\": 1, \"name\": \"reboot\"}]}");
    JsonNode group =
        JSON.readTree("{\"name\": \"iis\", \"options\": [{\"type\": 2, \"name\": \"pools\"}]}");

    assertThatThrownBy(() -> CommandText.of("iis", unknown, Commands.IIS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/iis has no subcommand reboot");
    assertThatThrownBy(() -> CommandText.of("iis", group, Commands.IIS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/iis pools is a subcommand group; none is known");
  }

  @Test
  void ofData_optionTheSubcommandLacks_isRefused() throws Exception {
    JsonNode data =
        JSON.readTree(
            """
            {"name": "iis", "options": [{"type": 1, "name": "events", "options": [
              {"name": "target", "type": 3, "value": "web01"},
              {"name": "force", "type": 5, "value": true}]}]}
            """);

    assertThatThrownBy(() -> CommandText.of("iis", data, Commands.IIS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("events has no option \"force\"");
  }
}
