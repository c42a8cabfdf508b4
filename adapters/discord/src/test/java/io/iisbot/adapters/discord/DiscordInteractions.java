package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Interactions as Discord sends them, over the gateway (INTERACTION_CREATE's {@code d}) or as the
 * body of an HTTP-mode POST: shaped like the documented sample ({@code
 * slash-command-interaction.json}) plus the fields Discord now adds and JDA 6 requires ({@code
 * guild}, {@code channel}, {@code context}, {@code authorizing_integration_owners}).
 *
 * <p>Each interaction gets a fresh snowflake id (JDA reads its age from it and refuses to answer an
 * expired one) and a fresh token. The application is {@link DiscordStub#APPLICATION_ID}; command
 * ids are the ones {@link DiscordStub} gives global commands. Users' names derive from their ids:
 * the adapter must key on ids. For JDA, the guild must be {@link DiscordStub#GUILD_ID} and the
 * channel {@link DiscordStub#CHANNEL_ID}: JDA refuses a channel missing from a cached guild.
 *
 * <p>Option values: a {@link String} is type 3, an {@link Integer} or {@link Long} 4, a {@link
 * Boolean} 5, a {@link Double} 10. Options keep the map's order (use a {@code LinkedHashMap} or
 * {@code Map.of} with one entry when order matters).
 *
 * <p>Immutable and thread-safe.
 */
public final class DiscordInteractions {

  /** The user's and guild's locale. */
  public static final String LOCALE = "en-US";

  private final Clock clock;

  /** Ids from the system clock. */
  public DiscordInteractions() {
    this(Clock.systemUTC());
  }

  /** Ids from the clock's time: keep it near the real time, for JDA. */
  public DiscordInteractions(Clock clock) {
    this.clock = clock;
  }

  /** The interaction's {@code id}. */
  public static String id(String interactionJson) {
    return DiscordObjects.parse(interactionJson).path("id").asText();
  }

  /** The interaction's {@code token}. */
  public static String token(String interactionJson) {
    return DiscordObjects.parse(interactionJson).path("token").asText();
  }

  /**
   * A slash command (type 2) in a guild.
   *
   * @param subcommand null for a command without subcommands
   * @param options the options given, by name
   */
  public String command(
      String guildId,
      String channelId,
      String userId,
      List<String> roleIds,
      String name,
      String subcommand,
      Map<String, Object> options) {
    return inGuild(
        2, guildId, channelId, userId, roleIds, commandData(name, subcommand, options, null));
  }

  /**
   * An autocomplete request (type 4): the user is typing the {@code focused} option, whose value is
   * the text typed so far.
   *
   * @throws IllegalArgumentException if {@code focused} is not among the options
   */
  public String autocomplete(
      String guildId,
      String channelId,
      String userId,
      List<String> roleIds,
      String name,
      String subcommand,
      Map<String, Object> options,
      String focused) {
    if (!options.containsKey(focused)) {
      throw new IllegalArgumentException(
          "the focused option must be among the options " + options.keySet() + ", was " + focused);
    }
    return inGuild(
        4, guildId, channelId, userId, roleIds, commandData(name, subcommand, options, focused));
  }

  /**
   * A click (type 3) on a button with the custom id, on the bot's message {@code messageId} in the
   * channel; the message carries that one button.
   */
  public String button(
      String guildId,
      String channelId,
      String userId,
      List<String> roleIds,
      String messageId,
      String customId) {
    ObjectNode data = DiscordObjects.object().put("component_type", 2).put("custom_id", customId);
    data.put("id", 2);
    ObjectNode interaction = guildInteraction(3, guildId, channelId, userId, roleIds, data);
    ObjectNode message =
        DiscordObjects.message(
            messageId, channelId, DiscordStub.APPLICATION_ID, 0, clock.instant());
    ObjectNode row = message.putArray("components").addObject().put("type", 1).put("id", 1);
    row.putArray("components")
        .addObject()
        .put("type", 2)
        .put("id", 2)
        .put("style", 1)
        .put("label", customId)
        .put("custom_id", customId);
    interaction.set("message", message);
    return interaction.toString();
  }

  /** Discord's PING (type 1), which an HTTP endpoint must answer with {@code {"type":1}}. */
  public String ping() {
    return base(1).toString();
  }

  /** A slash command (type 2) in the user's direct messages with the bot: no guild, no member. */
  public String directMessageCommand(
      String channelId,
      String userId,
      String name,
      String subcommand,
      Map<String, Object> options) {
    ObjectNode interaction = base(2);
    interaction.put("app_permissions", DiscordObjects.PERMISSIONS);
    ObjectNode user = DiscordObjects.user(userId);
    ObjectNode channel =
        DiscordObjects.object()
            .put("id", channelId)
            .put("type", 1)
            .put("flags", 0)
            .putNull("last_message_id");
    channel.putArray("recipients").add(user.deepCopy());
    interaction.set("channel", channel);
    interaction.put("channel_id", channelId).put("context", 1);
    // A guild install used in the bot's DMs is authorised by "guild" 0.
    interaction.putObject("authorizing_integration_owners").put("0", "0");
    interaction.set("data", commandData(name, subcommand, options, null));
    interaction.set("user", user);
    interaction.put("locale", LOCALE);
    extras(interaction);
    return interaction.toString();
  }

  private String inGuild(
      int type,
      String guildId,
      String channelId,
      String userId,
      List<String> roleIds,
      ObjectNode data) {
    return guildInteraction(type, guildId, channelId, userId, roleIds, data).toString();
  }

  private ObjectNode guildInteraction(
      int type,
      String guildId,
      String channelId,
      String userId,
      List<String> roleIds,
      ObjectNode data) {
    ObjectNode interaction = base(type);
    interaction.set(
        "member",
        DiscordObjects.member(DiscordObjects.user(userId), roleIds, DiscordObjects.PERMISSIONS));
    interaction
        .put("guild_id", guildId)
        .put("app_permissions", DiscordObjects.PERMISSIONS)
        .put("guild_locale", LOCALE)
        .put("locale", LOCALE);
    interaction.set("data", data);
    interaction.put("channel_id", channelId);
    String channelName =
        channelId.equals(DiscordStub.CHANNEL_ID) ? DiscordStub.CHANNEL_NAME : "channel";
    interaction.set(
        "channel",
        DiscordObjects.textChannel(channelId, guildId, channelName)
            .put("permissions", DiscordObjects.PERMISSIONS));
    ObjectNode guild = interaction.putObject("guild").put("id", guildId).put("locale", LOCALE);
    guild.putArray("features");
    interaction.put("context", 0);
    interaction.putObject("authorizing_integration_owners").put("0", guildId);
    extras(interaction);
    return interaction;
  }

  private ObjectNode base(int type) {
    String id = DiscordObjects.snowflake(clock);
    return DiscordObjects.object()
        .put("type", type)
        .put("token", newToken(id))
        .put("id", id)
        .put("application_id", DiscordStub.APPLICATION_ID)
        .put("version", 1);
  }

  private static void extras(ObjectNode interaction) {
    interaction.putArray("entitlements");
    interaction.putArray("entitlement_sku_ids");
    interaction.put("attachment_size_limit", 10 * 1024 * 1024);
  }

  /** Discord's tokens read {@code interaction:<id>:<secret>} in unpadded base64url. */
  private static String newToken(String id) {
    String secret = UUID.randomUUID().toString().replace("-", "");
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("interaction:" + id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode commandData(
      String name, String subcommand, Map<String, Object> options, String focused) {
    ObjectNode data =
        DiscordObjects.object()
            .put("id", DiscordObjects.commandId(null, name))
            .put("name", name)
            .put("type", 1)
            .put("version", DiscordObjects.commandId(null, name));
    ArrayNode given = DiscordObjects.JSON.createArrayNode();
    options.forEach((option, value) -> given.add(option(option, value, option.equals(focused))));
    if (subcommand != null) {
      ObjectNode sub = DiscordObjects.object().put("type", 1).put("name", subcommand);
      if (!given.isEmpty()) {
        sub.set("options", given);
      }
      data.putArray("options").add(sub);
    } else if (!given.isEmpty()) {
      data.set("options", given);
    }
    return data;
  }

  private static JsonNode option(String name, Object value, boolean focused) {
    ObjectNode option = DiscordObjects.object();
    if (focused) {
      // While typing, the value is the text so far, whatever the option's type.
      option.put("type", type(value)).put("name", name).put("value", String.valueOf(value));
      return option.put("focused", true);
    }
    option.put("type", type(value)).put("name", name);
    option.set("value", DiscordObjects.JSON.valueToTree(value));
    return option;
  }

  private static int type(Object value) {
    if (value instanceof String) {
      return 3;
    }
    if (value instanceof Integer || value instanceof Long) {
      return 4;
    }
    if (value instanceof Boolean) {
      return 5;
    }
    if (value instanceof Double) {
      return 10;
    }
    throw new IllegalArgumentException(
        "an option value is a String, Integer, Long, Boolean or Double, was "
            + (value == null ? "null" : value.getClass().getName()));
  }
}
