package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.ISnowflake;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.junit.jupiter.api.Test;

/**
 * Interactions pushed through {@link DiscordStub}'s gateway reach raw JDA listeners, and JDA's
 * answers arrive at the stub as Discord would receive them: callbacks with {@code
 * ?with_response=true}, webhook calls with {@code ?wait=true}.
 */
final class DiscordStubJdaInteractionsTest {

  private static final String APP = DiscordStub.APPLICATION_ID;
  private static final String GUILD = DiscordStub.GUILD_ID;
  private static final String CHANNEL = DiscordStub.CHANNEL_ID;
  private static final String ONCALL = DiscordStub.ONCALL_ROLE_ID;
  private static final String USER = DiscordStub.OPERATOR_ID;

  private final DiscordInteractions interactions = new DiscordInteractions();

  @Test
  void slashCommand_deferredEphemeral_thenEdited_isCallbackType5ThenPatchOfOriginal()
      throws Exception {
    CompletableFuture<String> target = new CompletableFuture<>();
    CompletableFuture<Message> edited = new CompletableFuture<>();
    ListenerAdapter listener =
        new ListenerAdapter() {
          @Override
          public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            target.complete(
                event.getSubcommandName() + " " + event.getOption("target").getAsString());
            event
                .deferReply(true)
                .queue(
                    hook ->
                        hook.editOriginal("done")
                            .queue(edited::complete, edited::completeExceptionally));
          }
        };
    try (DiscordStub stub = new DiscordStub();
        JdaOnStub client = JdaOnStub.start(stub, listener)) {
      String command =
          interactions.command(
              GUILD, CHANNEL, USER, List.of(ONCALL), "iis", "status", Map.of("target", "web01"));
      stub.pushInteraction(command);

      String id = DiscordInteractions.id(command);
      String token = DiscordInteractions.token(command);
      DiscordStub.Call callback = stub.awaitCall("POST", ".*/callback", JdaOnStub.TIMEOUT);
      assertThat(callback.path()).isEqualTo("/interactions/" + id + "/" + token + "/callback");
      assertThat(callback.query()).isEqualTo("with_response=true");
      assertThat(callback.json()).isEqualTo(json("{\"type\":5,\"data\":{\"flags\":64}}"));
      assertThat(callback.status()).isEqualTo(200);

      DiscordStub.Call edit = stub.awaitCall("PATCH", ".*/@original", JdaOnStub.TIMEOUT);
      assertThat(edit.path()).isEqualTo("/webhooks/" + APP + "/" + token + "/messages/@original");
      assertThat(edit.query()).isEqualTo("wait=true");
      assertThat(edit.json()).isEqualTo(json("{\"content\":\"done\"}"));
      JsonNode answer = edit.answerJson();
      assertThat(answer.path("flags").asInt()).isEqualTo(64);
      assertThat(answer.path("channel_id").asText()).isEqualTo(CHANNEL);
      assertThat(target.get(5, TimeUnit.SECONDS)).isEqualTo("status web01");
      // JDA read the stub's answer as a message.
      Message message = edited.get(5, TimeUnit.SECONDS);
      assertThat(message.getContentRaw()).isEqualTo("done");
      assertThat(message.isEphemeral()).isTrue();
      assertThat(message.getAuthor().getId()).isEqualTo(DiscordStub.BOT_USER_ID);
    }
  }

  @Test
  void slashCommand_followup_isAPostToTheWebhookWithWait() throws Exception {
    CompletableFuture<Message> sent = new CompletableFuture<>();
    ListenerAdapter listener =
        new ListenerAdapter() {
          @Override
          public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            event
                .deferReply()
                .queue(
                    hook ->
                        hook.sendMessage("more")
                            .setEphemeral(true)
                            .queue(sent::complete, sent::completeExceptionally));
          }
        };
    try (DiscordStub stub = new DiscordStub();
        JdaOnStub client = JdaOnStub.start(stub, listener)) {
      String command =
          interactions.command(GUILD, CHANNEL, USER, List.of(), "iis", "help", Map.of());
      stub.pushInteraction(command);

      DiscordStub.Call callback = stub.awaitCall("POST", ".*/callback", JdaOnStub.TIMEOUT);
      assertThat(callback.json()).isEqualTo(json("{\"type\":5}"));
      DiscordStub.Call followup = stub.awaitCall("POST", "/webhooks/.*", JdaOnStub.TIMEOUT);
      assertThat(followup.path())
          .isEqualTo("/webhooks/" + APP + "/" + DiscordInteractions.token(command));
      assertThat(followup.query()).isEqualTo("wait=true");
      assertThat(followup.json())
          .isEqualTo(
              json(
                  "{\"content\":\"more\",\"flags\":64,\"tts\":false,\"embeds\":[],"
                      + "\"components\":[],\"poll\":null,\"allowed_mentions\":{\"parse\":"
                      + "[\"users\",\"roles\",\"everyone\"],\"replied_user\":true}}"));
      assertThat(sent.get(5, TimeUnit.SECONDS).isEphemeral()).isTrue();
    }
  }

  @Test
  void button_deferEdit_thenEmbeds_isCallbackType6ThenPatchOfTheClickedMessage() throws Exception {
    CompletableFuture<String> clicked = new CompletableFuture<>();
    CompletableFuture<Message> edited = new CompletableFuture<>();
    ListenerAdapter listener =
        new ListenerAdapter() {
          @Override
          public void onButtonInteraction(ButtonInteractionEvent event) {
            clicked.complete(event.getComponentId() + " on " + event.getMessageId());
            event
                .deferEdit()
                .queue(
                    hook ->
                        hook.editOriginalEmbeds(
                                new EmbedBuilder()
                                    .setTitle("Stopped web01")
                                    .setDescription("W3SVC stopped")
                                    .setColor(0x2ECC71)
                                    .build())
                            .setComponents()
                            .queue(edited::complete, edited::completeExceptionally));
          }
        };
    try (DiscordStub stub = new DiscordStub();
        JdaOnStub client = JdaOnStub.start(stub, listener)) {
      String messageId = "1301000000000000500";
      String button =
          interactions.button(GUILD, CHANNEL, USER, List.of(ONCALL), messageId, "confirm:42");
      stub.pushInteraction(button);

      DiscordStub.Call callback = stub.awaitCall("POST", ".*/callback", JdaOnStub.TIMEOUT);
      assertThat(callback.path())
          .isEqualTo(
              "/interactions/"
                  + DiscordInteractions.id(button)
                  + "/"
                  + DiscordInteractions.token(button)
                  + "/callback");
      assertThat(callback.json()).isEqualTo(json("{\"type\":6}"));

      DiscordStub.Call edit = stub.awaitCall("PATCH", ".*/@original", JdaOnStub.TIMEOUT);
      assertThat(edit.path())
          .isEqualTo(
              "/webhooks/" + APP + "/" + DiscordInteractions.token(button) + "/messages/@original");
      assertThat(edit.json())
          .isEqualTo(
              json(
                  "{\"components\":[],\"embeds\":[{\"title\":\"Stopped web01\","
                      + "\"description\":\"W3SVC stopped\",\"color\":3066993}]}"));
      // @original of a component interaction is the message the button was on.
      assertThat(edit.answerJson().path("id").asText()).isEqualTo(messageId);
      assertThat(edit.answerJson().path("embeds").get(0).path("type").asText()).isEqualTo("rich");
      assertThat(clicked.get(5, TimeUnit.SECONDS)).isEqualTo("confirm:42 on " + messageId);
      assertThat(edited.get(5, TimeUnit.SECONDS).getEmbeds().get(0).getTitle())
          .isEqualTo("Stopped web01");
    }
  }

  @Test
  void autocomplete_replyChoices_isCallbackType8WithTheChoices() throws Exception {
    CompletableFuture<String> typed = new CompletableFuture<>();
    CompletableFuture<Void> answered = new CompletableFuture<>();
    ListenerAdapter listener =
        new ListenerAdapter() {
          @Override
          public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
            typed.complete(
                event.getFocusedOption().getName() + "=" + event.getFocusedOption().getValue());
            event
                .replyChoiceStrings("web01", "web02")
                .queue(answered::complete, answered::completeExceptionally);
          }
        };
    try (DiscordStub stub = new DiscordStub();
        JdaOnStub client = JdaOnStub.start(stub, listener)) {
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("target", "we");
      options.put("drain", 30);
      stub.pushInteraction(
          interactions.autocomplete(
              GUILD, CHANNEL, USER, List.of(ONCALL), "iis", "stop", options, "target"));

      DiscordStub.Call callback = stub.awaitCall("POST", ".*/callback", JdaOnStub.TIMEOUT);
      assertThat(callback.query()).isEqualTo("with_response=true");
      assertThat(callback.json())
          .isEqualTo(
              json(
                  "{\"type\":8,\"data\":{\"choices\":["
                      + "{\"name\":\"web01\",\"value\":\"web01\",\"name_localizations\":{}},"
                      + "{\"name\":\"web02\",\"value\":\"web02\",\"name_localizations\":{}}]}}"));
      assertThat(typed.get(5, TimeUnit.SECONDS)).isEqualTo("target=we");
      answered.get(5, TimeUnit.SECONDS);
      assertThat(stub.calls("PATCH", ".*")).isEmpty();
    }
  }

  @Test
  void member_rolesComeFromTheInteraction_resolvedAgainstTheCachedGuild() throws Exception {
    CompletableFuture<Member> member = new CompletableFuture<>();
    CompletableFuture<InteractionHook> deferred = new CompletableFuture<>();
    ListenerAdapter listener =
        new ListenerAdapter() {
          @Override
          public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            member.complete(event.getMember());
            event.deferReply(true).queue(deferred::complete, deferred::completeExceptionally);
          }
        };
    try (DiscordStub stub = new DiscordStub();
        JdaOnStub client = JdaOnStub.start(stub, listener)) {
      String stranger = "1301000000000000099";
      String unknownRole = "1301000000000000098";
      stub.pushInteraction(
          interactions.command(
              GUILD, CHANNEL, stranger, List.of(ONCALL, unknownRole), "iis", "help", Map.of()));

      Member m = member.get(5, TimeUnit.SECONDS);
      assertThat(m.getId()).isEqualTo(stranger);
      assertThat(m.getGuild().getId()).isEqualTo(GUILD);
      // A role id the guild does not have is dropped: JDA resolves ids against its cache.
      assertThat(m.getRoles()).extracting(ISnowflake::getId).containsExactly(ONCALL);
      assertThat(m.getRoles().get(0).getName()).isEqualTo(DiscordStub.ONCALL_ROLE_NAME);
      deferred.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void directMessageCommand_hasAUserAndNoMember_andAnEphemeralReplyIsCallbackType4()
      throws Exception {
    CompletableFuture<String> who = new CompletableFuture<>();
    CompletableFuture<InteractionHook> replied = new CompletableFuture<>();
    ListenerAdapter listener =
        new ListenerAdapter() {
          @Override
          public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            who.complete(
                event.getMember() + " " + event.getUser().getId() + " " + event.isFromGuild());
            event
                .reply("hi")
                .setEphemeral(true)
                .queue(replied::complete, replied::completeExceptionally);
          }
        };
    try (DiscordStub stub = new DiscordStub();
        JdaOnStub client = JdaOnStub.start(stub, listener)) {
      String user = "1301000000000000066";
      stub.pushInteraction(
          interactions.directMessageCommand(
              "1301000000000000055", user, "iis", "status", Map.of("target", "web01")));

      DiscordStub.Call callback = stub.awaitCall("POST", ".*/callback", JdaOnStub.TIMEOUT);
      assertThat(callback.json())
          .isEqualTo(
              json(
                  "{\"type\":4,\"data\":{\"content\":\"hi\",\"flags\":64,\"tts\":false,"
                      + "\"embeds\":[],\"components\":[],\"poll\":null,\"allowed_mentions\":"
                      + "{\"parse\":[\"users\",\"roles\",\"everyone\"],\"replied_user\":true}}}"));
      JsonNode resource = callback.answerJson().path("resource");
      assertThat(resource.path("message").path("channel_id").asText())
          .isEqualTo("1301000000000000055");
      assertThat(who.get(5, TimeUnit.SECONDS)).isEqualTo("null " + user + " false");
      // The callback response carried the message: JDA knows its reply without asking.
      assertThat(
              replied.get(5, TimeUnit.SECONDS).getCallbackResponse().getMessage().getContentRaw())
          .isEqualTo("hi");
    }
  }

  private static JsonNode json(String text) {
    return DiscordObjects.parse(text);
  }
}
