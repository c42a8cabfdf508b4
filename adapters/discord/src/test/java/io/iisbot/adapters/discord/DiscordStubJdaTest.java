package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.ISnowflake;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.junit.jupiter.api.Test;

/**
 * The real JDA 6.5 client against {@link DiscordStub}, offline: it logs in, caches the guild, and
 * its REST calls (commands, channel messages) arrive as Discord would receive them. Interactions
 * are in {@link DiscordStubJdaInteractionsTest}.
 */
final class DiscordStubJdaTest {

  private static final String APP = DiscordStub.APPLICATION_ID;

  /** What JDA sends for {@link #iis()}, exactly. */
  private static final String IIS_COMMAND_JSON =
      "{\"name\":\"iis\",\"description\":\"Manage IIS\",\"type\":1,\"nsfw\":false,"
          + "\"name_localizations\":{},\"description_localizations\":{},"
          + "\"contexts\":[\"0\",\"1\"],\"integration_types\":[\"0\"],"
          + "\"default_member_permissions\":null,\"options\":["
          + "{\"type\":1,\"name\":\"status\",\"description\":\"Show state\","
          + "\"name_localizations\":{},\"description_localizations\":{},\"options\":["
          + "{\"type\":3,\"name\":\"target\",\"description\":\"Host\",\"required\":true,"
          + "\"autocomplete\":true,\"name_localizations\":{},\"description_localizations\":{}}]},"
          + "{\"type\":1,\"name\":\"stop\",\"description\":\"Stop\",\"name_localizations\":{},"
          + "\"description_localizations\":{},\"options\":[]}]}";

  private static SlashCommandData iis() {
    return Commands.slash("iis", "Manage IIS")
        .addSubcommands(
            new SubcommandData("status", "Show state")
                .addOptions(new OptionData(OptionType.STRING, "target", "Host", true, true)),
            new SubcommandData("stop", "Stop"));
  }

  @Test
  void login_identifiesWithGuildsOnly_andCachesTheGuildRolesAndChannel() throws Exception {
    try (DiscordStub stub = new DiscordStub();
        JdaOnStub client = JdaOnStub.start(stub)) {
      JDA jda = client.jda();
      stub.awaitReady(JdaOnStub.TIMEOUT);
      JsonNode identify = stub.awaitIdentified(JdaOnStub.TIMEOUT);
      assertThat(identify.path("token").asText()).isEqualTo(JdaOnStub.TOKEN);
      assertThat(identify.path("intents").asInt()).isEqualTo(1);
      assertThat(stub.gatewayConnections()).isEqualTo(1);

      assertThat(jda.getSelfUser().getId()).isEqualTo(DiscordStub.BOT_USER_ID);
      assertThat(jda.getSelfUser().getApplicationId()).isEqualTo(APP);
      Guild guild = jda.getGuildById(DiscordStub.GUILD_ID);
      assertThat(guild).isNotNull();
      assertThat(guild.getName()).isEqualTo(DiscordStub.GUILD_NAME);
      assertThat(guild.getRoles())
          .extracting(ISnowflake::getId)
          .containsExactly(DiscordStub.ONCALL_ROLE_ID, DiscordStub.GUILD_ID);
      assertThat(guild.getRoleById(DiscordStub.ONCALL_ROLE_ID).getName())
          .isEqualTo(DiscordStub.ONCALL_ROLE_NAME);
      assertThat(guild.getTextChannelById(DiscordStub.CHANNEL_ID).getName())
          .isEqualTo(DiscordStub.CHANNEL_NAME);
      assertThat(guild.getSelfMember().getId()).isEqualTo(DiscordStub.BOT_USER_ID);

      // At login JDA asks REST only who it is; the gateway URL comes from the session controller.
      assertThat(stub.calls()).extracting(DiscordStub.Call::path).containsExactly("/users/@me");
      DiscordStub.Call me = stub.calls().get(0);
      assertThat(me.method()).isEqualTo("GET");
      assertThat(me.header("Authorization")).isEqualTo("Bot " + JdaOnStub.TOKEN);
      assertThat(me.header("User-Agent"))
          .startsWith("DiscordBot (https://github.com/discord-jda/JDA, 6.5.0");
    }
  }

  @Test
  void interaction_pushedBeforeLogin_isDeliveredOnceTheSessionIsReady() throws Exception {
    CompletableFuture<String> received = new CompletableFuture<>();
    CompletableFuture<InteractionHook> deferred = new CompletableFuture<>();
    ListenerAdapter listener =
        new ListenerAdapter() {
          @Override
          public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            received.complete(event.getId());
            event.deferReply().queue(deferred::complete, deferred::completeExceptionally);
          }
        };
    try (DiscordStub stub = new DiscordStub()) {
      String command =
          new DiscordInteractions()
              .command(
                  DiscordStub.GUILD_ID,
                  DiscordStub.CHANNEL_ID,
                  DiscordStub.OPERATOR_ID,
                  List.of(),
                  "iis",
                  "help",
                  Map.of());
      stub.pushInteraction(command);
      try (JdaOnStub client = JdaOnStub.start(stub, listener)) {
        assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(DiscordInteractions.id(command));
        deferred.get(5, TimeUnit.SECONDS);
        assertThat(stub.calls("POST", ".*/callback")).hasSize(1);
      }
    }
  }

  @Test
  void login_withARefusedToken_failsWithInvalidToken() {
    // JDA then calls shutdownNow() itself, and sometimes logs its interrupted rate limiter: noise.
    try (DiscordStub stub = new DiscordStub()) {
      assertThatThrownBy(() -> JdaOnStub.builder(stub, DiscordStub.INVALID_TOKEN).build())
          .isInstanceOf(InvalidTokenException.class);
      assertThat(stub.calls()).extracting(DiscordStub.Call::status).containsExactly(401);
      assertThat(stub.gatewayConnections()).isZero();
    }
  }

  @Test
  void updateCommands_isOnePutOfTheGlobalCommands() throws Exception {
    try (DiscordStub stub = new DiscordStub();
        JdaOnStub client = JdaOnStub.start(stub)) {
      List<Command> registered = client.jda().updateCommands().addCommands(iis()).complete();

      List<DiscordStub.Call> puts = stub.calls("PUT", "/applications/\\d+/commands");
      assertThat(puts).hasSize(1);
      DiscordStub.Call put = puts.get(0);
      assertThat(put.path()).isEqualTo("/applications/" + APP + "/commands");
      assertThat(put.query()).isNull();
      assertThat(put.header("Content-Type")).startsWith("application/json");
      assertThat(put.json()).isEqualTo(DiscordObjects.parse("[" + IIS_COMMAND_JSON + "]"));
      // JDA reads the stub's answer back into commands with Discord's ids.
      assertThat(registered).hasSize(1);
      assertThat(registered.get(0).getId()).isEqualTo(DiscordObjects.commandId(null, "iis"));
      assertThat(registered.get(0).getSubcommands())
          .extracting(Command.Subcommand::getName)
          .containsExactly("status", "stop");
    }
  }

  @Test
  void guildUpdateCommands_isOnePutOfTheGuildsCommands() throws Exception {
    try (DiscordStub stub = new DiscordStub();
        JdaOnStub client = JdaOnStub.start(stub)) {
      Guild guild = client.jda().getGuildById(DiscordStub.GUILD_ID);
      List<Command> registered = guild.updateCommands().addCommands(iis()).complete();

      DiscordStub.Call put =
          stub.awaitCall("PUT", "/applications/\\d+/guilds/\\d+/commands", JdaOnStub.TIMEOUT);
      assertThat(put.path())
          .isEqualTo("/applications/" + APP + "/guilds/" + DiscordStub.GUILD_ID + "/commands");
      assertThat(put.json()).isEqualTo(DiscordObjects.parse("[" + IIS_COMMAND_JSON + "]"));
      assertThat(registered.get(0).getId())
          .isEqualTo(DiscordObjects.commandId(DiscordStub.GUILD_ID, "iis"));
      assertThat(registered.get(0).getApplicationId()).isEqualTo(APP);
      assertThat(stub.calls("PUT", "/applications/\\d+/commands")).isEmpty();
    }
  }

  @Test
  void channelMessage_sendThenEdit_areBotTokenCallsAnsweredWithTheMessage() throws Exception {
    try (DiscordStub stub = new DiscordStub();
        JdaOnStub client = JdaOnStub.start(stub)) {
      TextChannel channel = client.jda().getTextChannelById(DiscordStub.CHANNEL_ID);
      Message sent = channel.sendMessage("Stopping web01").complete();
      Message edited = sent.editMessage("Stopped web01").complete();

      DiscordStub.Call post = stub.calls("POST", "/channels/\\d+/messages").get(0);
      assertThat(post.path()).isEqualTo("/channels/" + DiscordStub.CHANNEL_ID + "/messages");
      assertThat(post.header("Authorization")).isEqualTo("Bot " + JdaOnStub.TOKEN);
      JsonNode body = post.json();
      assertThat(body.path("content").asText()).isEqualTo("Stopping web01");
      assertThat(body.path("enforce_nonce").asBoolean()).isTrue();
      assertThat(sent.getAuthor().getId()).isEqualTo(DiscordStub.BOT_USER_ID);

      DiscordStub.Call patch = stub.calls("PATCH", "/channels/\\d+/messages/\\d+").get(0);
      assertThat(patch.path())
          .isEqualTo("/channels/" + DiscordStub.CHANNEL_ID + "/messages/" + sent.getId());
      assertThat(patch.json()).isEqualTo(DiscordObjects.parse("{\"content\":\"Stopped web01\"}"));
      assertThat(edited.getId()).isEqualTo(sent.getId());
      assertThat(edited.getContentRaw()).isEqualTo("Stopped web01");
      assertThat(edited.getTimeEdited()).isNotNull();
    }
  }

  @Test
  void channelMessage_inADeniedChannel_failsWithMissingAccess() throws Exception {
    try (DiscordStub stub = new DiscordStub();
        JdaOnStub client = JdaOnStub.start(stub)) {
      stub.denyChannel(DiscordStub.CHANNEL_ID);
      TextChannel channel = client.jda().getTextChannelById(DiscordStub.CHANNEL_ID);

      assertThatThrownBy(() -> channel.sendMessage("Stopping web01").complete())
          .isInstanceOfSatisfying(
              ErrorResponseException.class,
              e -> assertThat(e.getErrorResponse()).isEqualTo(ErrorResponse.MISSING_ACCESS));
      assertThat(stub.calls("POST", "/channels/\\d+/messages"))
          .extracting(DiscordStub.Call::status)
          .containsExactly(403);
    }
  }
}
