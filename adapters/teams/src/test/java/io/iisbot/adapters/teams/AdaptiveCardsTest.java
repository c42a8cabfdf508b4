package io.iisbot.adapters.teams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Mention;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The card for a message: header, lines, facts, buttons, people, private views. */
final class AdaptiveCardsTest {

  static final String ALICE_ID = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
  static final String ALICE = new Mention(Identity.parse("teams:" + ALICE_ID), "Alice").token();

  static ChatMessage message(List<String> lines, List<Field> fields, List<Button> buttons) {
    return new ChatMessage("Stop web01", Status.PENDING, lines, fields, buttons, false, false);
  }

  static JsonNode header(JsonNode card) {
    return card.get("body").get(0);
  }

  @Test
  void card_isAdaptiveCard15_withTitleAndStatus_inAStyledContainer() {
    JsonNode card = AdaptiveCards.card(message(List.of("a"), List.of(), List.of()), List.of());

    assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.get("version").asText()).isEqualTo("1.5");
    assertThat(header(card).get("type").asText()).isEqualTo("Container");
    assertThat(header(card).get("style").asText()).isEqualTo("emphasis");
    assertThat(header(card).get("items").get(0).get("text").asText()).isEqualTo("Stop web01");
    assertThat(header(card).get("items").get(1).get("text").asText()).isEqualTo("🕓 Pending");
    assertThat(card.get("fallbackText").asText()).isEqualTo("Stop web01 — pending");
    assertThat(card.has("refresh")).isFalse();
    assertThat(card.has("msteams")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "INFO, default, default, ℹ️ Info",
    "PENDING, emphasis, default, 🕓 Pending",
    "RUNNING, accent, accent, ⏳ Running",
    "SUCCESS, good, good, ✅ Success",
    "WARNING, warning, warning, ⚠️ Warning",
    "FAILURE, attention, attention, ❌ Failure",
    "DENIED, attention, attention, 🚫 Denied"
  })
  void status_isAColourAndTheSameWordAsOnSlackAndDiscord(
      Status status, String style, String color, String text) {
    ChatMessage m = new ChatMessage("t", status, List.of(), List.of(), List.of(), false, true);
    JsonNode h = header(AdaptiveCards.card(m, List.of()));

    assertThat(h.get("style").asText()).isEqualTo(style);
    assertThat(h.get("items").get(1).get("color").asText()).isEqualTo(color);
    assertThat(h.get("items").get(1).get("text").asText()).isEqualTo(text);
  }

  @Test
  void ephemeral_saysOnlyYou() {
    ChatMessage m = ChatMessage.privateReply("Denied", Status.DENIED, List.of("no"));

    assertThat(header(AdaptiveCards.card(m, List.of())).get("items").get(1).get("text").asText())
        .isEqualTo("🚫 Denied · only you");
  }

  @Test
  void lines_areTextBlocks_anEmptyLineStartsAParagraph() {
    JsonNode body =
        AdaptiveCards.card(
                message(List.of("one", "two\nthree", "", "four"), List.of(), List.of()), List.of())
            .get("body");

    assertThat(body).hasSize(5);
    assertThat(body.get(1).get("text").asText()).isEqualTo("one");
    assertThat(body.get(1).has("spacing")).isFalse();
    assertThat(body.get(2).get("text").asText()).isEqualTo("two");
    assertThat(body.get(2).get("spacing").asText()).isEqualTo("none");
    assertThat(body.get(3).get("text").asText()).isEqualTo("three");
    assertThat(body.get(4).get("text").asText()).isEqualTo("four");
    assertThat(body.get(4).has("spacing")).isFalse();
    body.forEach(b -> assertThat(b.get("wrap") == null || b.get("wrap").asBoolean()).isTrue());
  }

  @Test
  void fields_areAFactSet_anEmptyValueShownAsADash() {
    JsonNode body =
        AdaptiveCards.card(
                message(
                    List.of(),
                    List.of(new Field("Hosts", "web01, web02"), new Field("Reason", "")),
                    List.of()),
                List.of())
            .get("body");

    JsonNode facts = body.get(1).get("facts");
    assertThat(body.get(1).get("type").asText()).isEqualTo("FactSet");
    assertThat(facts.get(0).get("title").asText()).isEqualTo("Hosts");
    assertThat(facts.get(0).get("value").asText()).isEqualTo("web01, web02");
    assertThat(facts.get(1).get("value").asText()).isEqualTo("–");
  }

  @Test
  void buttons_areActionExecute_withVerbAndData_andStyles() {
    JsonNode actions =
        AdaptiveCards.card(
                message(
                    List.of("x"),
                    List.of(),
                    List.of(
                        new Button("Confirm", "confirm", "v1.signed", Button.Style.PRIMARY),
                        new Button("Cancel", "cancel", "v1.other", Button.Style.DANGER),
                        new Button("", "undo", null, null))),
                List.of())
            .get("actions");

    assertThat(actions).hasSize(3);
    JsonNode confirm = actions.get(0);
    assertThat(confirm.get("type").asText()).isEqualTo("Action.Execute");
    assertThat(confirm.get("title").asText()).isEqualTo("Confirm");
    assertThat(confirm.get("verb").asText()).isEqualTo("confirm");
    assertThat(confirm.get("style").asText()).isEqualTo("positive");
    assertThat(confirm.get("data").get("iisbot").get("action").asText()).isEqualTo("confirm");
    assertThat(confirm.get("data").get("iisbot").get("value").asText()).isEqualTo("v1.signed");
    assertThat(actions.get(1).get("style").asText()).isEqualTo("destructive");
    assertThat(actions.get(2).get("style").asText()).isEqualTo("default");
    assertThat(actions.get(2).get("title").asText()).isEqualTo("undo");
  }

  @Test
  void aButtonsData_isWhatCardActionsParses() {
    JsonNode action =
        AdaptiveCards.card(
                message(
                    List.of(),
                    List.of(),
                    List.of(new Button("Approve", "approve", "v1.tok=", Button.Style.PRIMARY))),
                List.of())
            .get("actions")
            .get(0);
    com.fasterxml.jackson.databind.node.ObjectNode value =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    value.set(
        "action",
        ((com.fasterxml.jackson.databind.node.ObjectNode) action.deepCopy()).put("id", ""));
    value.put("trigger", "manual");

    assertThat(CardActions.parse(value)).contains(new CardActions.Click("approve", "v1.tok="));
  }

  @Test
  void onlyFor_isARefreshForThoseUsers_whoseClickIsTheRefreshAction() {
    JsonNode card =
        AdaptiveCards.card(message(List.of("x"), List.of(), List.of()), List.of("29:1abc", "29:2"));

    JsonNode refresh = card.get("refresh");
    assertThat(refresh.get("userIds")).hasSize(2);
    assertThat(refresh.get("userIds").get(0).asText()).isEqualTo("29:1abc");
    assertThat(refresh.get("action").get("type").asText()).isEqualTo("Action.Execute");
    assertThat(refresh.get("action").has("title")).isFalse();
    com.fasterxml.jackson.databind.node.ObjectNode value =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    value.set("action", refresh.get("action"));
    value.put("trigger", "automatic");
    assertThat(CardActions.parse(value)).contains(new CardActions.Click(CardActions.REFRESH, ""));
  }

  @Test
  void onlyFor_moreThan60Users_isRefused() {
    List<String> users = Collections.nCopies(61, "29:x");

    assertThatThrownBy(() -> AdaptiveCards.card(message(List.of(), List.of(), List.of()), users))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Teams refreshes a card for at most 60 users, was 61");
  }

  @Test
  void activity_isAMessageWithOneAdaptiveCardAttachment() {
    JsonNode activity =
        AdaptiveCards.activity(message(List.of("x"), List.of(), List.of()), List.of());

    assertThat(activity.get("type").asText()).isEqualTo("message");
    assertThat(activity.get("attachments")).hasSize(1);
    assertThat(activity.get("attachments").get(0).get("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(activity.get("attachments").get(0).get("content").get("type").asText())
        .isEqualTo("AdaptiveCard");
  }

  @Test
  void invokeCard_andInvokeMessage_areStatus200Bodies() {
    JsonNode card =
        AdaptiveCards.invokeCard(message(List.of("x"), List.of(), List.of()), List.of("29:a"));
    JsonNode text = AdaptiveCards.invokeMessage("Only " + ALICE + " can confirm this.");

    assertThat(card.get("statusCode").asInt()).isEqualTo(200);
    assertThat(card.get("type").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(card.get("value").get("refresh").get("userIds").get(0).asText()).isEqualTo("29:a");
    assertThat(text.get("statusCode").asInt()).isEqualTo(200);
    assertThat(text.get("type").asText()).isEqualTo("application/vnd.microsoft.activity.message");
    assertThat(text.get("value").asText()).isEqualTo("Only Alice can confirm this.");
  }
}
