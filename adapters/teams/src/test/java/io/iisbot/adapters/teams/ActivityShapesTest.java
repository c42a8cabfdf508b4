package io.iisbot.adapters.teams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The adapter's reader on the activity shapes Microsoft publishes (see
 * teams/activities/SOURCES.md).
 */
final class ActivityShapesTest {

  private final ObjectMapper json = new ObjectMapper();

  private ObjectNode sample(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/teams/activities/" + name)) {
      assertThat(in).as(name).isNotNull();
      return (ObjectNode) json.readTree(in);
    }
  }

  @Test
  void personalMessage_readsThePersonByObjectId_andNoGroups() throws IOException {
    JsonNode a = sample("message-personal.json");

    Caller c = Activity.caller(a);

    assertThat(Activity.type(a)).isEqualTo(Activity.MESSAGE);
    assertThat(c.user()).isEqualTo(Identity.parse("teams:7faf8ab2-3d56-4244-b585-20c8a42ed2b8"));
    assertThat(c.displayName()).isEqualTo("Megan Bowen");
    assertThat(c.memberships()).isEmpty();
    assertThat(TeamsChat.personal(Activity.conversation(a))).isTrue();
    assertThat(Activity.commandText(a, "iis"))
        .isEqualTo("/iis Hello Teams TestBot.Sending bold-italic rich text");
  }

  @Test
  void channelMention_ofSomeoneElse_staysAsTheirName_andTheThreadIsTheConversation()
      throws IOException {
    JsonNode a = sample("message-channel-mention.json");

    assertThat(Activity.commandText(a, "iis"))
        .isEqualTo("/iis Hey Pranav Smith check out this message");
    assertThat(Activity.conversation(a)).endsWith(";messageid=1481567603816");
    assertThat(Conversations.base(Activity.conversation(a)))
        .isEqualTo("19:aebd0ad4d6ab42c8b9ed19c251c2fc37@thread.skype");
    // Jane Smith's activity carries no aadObjectId: no one a role can name.
    assertThat(Activity.aadObjectId(a)).isEmpty();
  }

  @Test
  void channelMention_ofTheBot_isTakenOutByItsEntity() throws IOException {
    ObjectNode a = sample("message-channel-mention.json");
    // The bot is the recipient; its mention entity names it, with the text as it appears.
    a.put("text", "<at>stlrgload100</at> stop web01");
    ObjectNode e = (ObjectNode) a.get("entities").get(0);
    e.put("text", "<at>stlrgload100</at>");
    ((ObjectNode) e.get("mentioned")).put("id", a.at("/recipient/id").asText());

    assertThat(Activity.commandText(a, "iis")).isEqualTo("/iis stop web01");
    assertThat(Activity.mentionsBot(a)).isTrue();
    assertThat(Activity.mentionsBot(sample("message-channel-mention.json"))).isFalse();
  }

  @Test
  void personal_isTheConversationType_orAPersonalChatsId() throws IOException {
    assertThat(Activity.personal(sample("message-personal.json"))).isTrue();
    assertThat(Activity.personal(sample("message-channel-mention.json"))).isFalse();
    assertThat(Activity.personal(sample("conversation-update-bot-added-to-team.json"))).isFalse();
  }

  @Test
  void commandText_acceptsTheCommandNameOrNone() throws IOException {
    ObjectNode a = sample("message-personal.json");
    for (String typed :
        new String[] {"stop web01", "/iis stop web01", "iis stop web01", " stop\u00a0 web01 "}) {
      a.put("text", typed);
      assertThat(Activity.commandText(a, "iis")).as(typed).isEqualTo("/iis stop web01");
    }
    a.put("text", "iisreset");
    assertThat(Activity.commandText(a, "iis")).isEqualTo("/iis iisreset");
  }

  @Test
  void channelData_teamAndChannel_becomeGroups() throws IOException {
    ObjectNode a = sample("message-personal.json");
    a.set("channelData", sample("channeldata-channel-created.json").get("channelData"));

    assertThat(Activity.caller(a).memberships())
        .containsExactly(
            Identity.parse("teams-team:19:693ecdb923ac4458a5c23661b505fc84@thread.skype"),
            Identity.parse("teams-channel:19:693ecdb923ac4458a5c23661b505fc84@thread.skype"));
  }

  @Test
  void invoke_isAClickOnOurButton_withTheCardsActivityId() throws IOException {
    JsonNode a = sample("invoke-adaptive-card-action.json");

    assertThat(Activity.type(a)).isEqualTo(Activity.INVOKE);
    assertThat(a.path("name").asText()).isEqualTo(Activity.CARD_ACTION);
    assertThat(CardActions.parse(a.get("value")))
        .contains(new CardActions.Click("confirm", "signed-token"));
    assertThat(a.path("replyToId").asText()).isEqualTo("1481567603817");
    assertThat(Activity.caller(a).memberships()).hasSize(2);
  }

  @Test
  void conversationUpdate_isNotForTheBotToAnswer() throws IOException {
    JsonNode a = sample("conversation-update-bot-added-to-team.json");

    assertThat(Activity.type(a)).isEqualTo("conversationUpdate");
    assertThat(Activity.aadObjectId(a)).isEmpty();
    assertThat(a.at("/channelData/team/id").asText()).startsWith("19:");
  }
}
