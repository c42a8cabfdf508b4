package io.iisbot.adapters.discord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discord's objects (users, members, roles, channels, the guild, messages) as the API documents
 * them, filled with the stand-ins' own values. {@link DiscordStub} answers with them and {@link
 * DiscordInteractions} builds interactions from them, so both describe the same guild.
 *
 * <p>Thread-safe.
 */
final class DiscordObjects {

  static final ObjectMapper JSON = JsonMapper.builder().build();

  /** Discord's epoch, 2015-01-01T00:00:00Z, the origin of snowflake timestamps. */
  static final long DISCORD_EPOCH_MILLIS = 1_420_070_400_000L;

  /** VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, READ_MESSAGE_HISTORY, USE_APPLICATION_COMMANDS. */
  static final String PERMISSIONS =
      String.valueOf((1L << 10) | (1L << 11) | (1L << 14) | (1L << 16) | (1L << 31));

  private static final AtomicLong INCREMENT = new AtomicLong();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private DiscordObjects() {}

  /**
   * A new snowflake for the clock's now: {@code (millis - epoch) << 22}, its low 12 bits a
   * process-wide increment as Discord's are, so ids made in the same millisecond still differ. JDA
   * reads an interaction's age from its id, so ids must be fresh.
   */
  static String snowflake(Clock clock) {
    long millis = clock.millis() - DISCORD_EPOCH_MILLIS;
    return Long.toUnsignedString((millis << 22) | (INCREMENT.getAndIncrement() & 0xFFF));
  }

  /** A timestamp as Discord writes them: {@code 2024-11-01T12:00:00.000000+00:00}. */
  static String timestamp(Instant at) {
    return TIMESTAMP.format(at);
  }

  /** The id Discord gave a registered command; stable per scope and name, as on Discord. */
  static String commandId(String guildId, String name) {
    String scope = guildId == null ? name : guildId + "/" + name;
    return Long.toUnsignedString(1_301_000_000_000_100_000L + (scope.hashCode() & 0xFFFF));
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** A user the stand-ins made up: its name is derived from its id, it has no avatar. */
  static ObjectNode user(String id) {
    return object()
        .put("id", id)
        .put("username", "user" + id.substring(Math.max(0, id.length() - 4)))
        .putNull("global_name")
        .putNull("avatar")
        .put("discriminator", "0")
        .put("public_flags", 0)
        .put("flags", 0)
        .putNull("banner")
        .putNull("accent_color")
        .putNull("avatar_decoration_data")
        .putNull("clan")
        .putNull("primary_guild");
  }

  /** The bot's user, as the gateway's READY and {@code GET /users/@me} show it. */
  static ObjectNode botUser() {
    ObjectNode user = user(DiscordStub.BOT_USER_ID);
    user.put("username", DiscordStub.BOT_NAME).put("bot", true);
    return user;
  }

  /** A guild member; with {@code permissions} (as in an interaction) when that is not null. */
  static ObjectNode member(ObjectNode user, List<String> roleIds, String permissions) {
    ObjectNode member =
        object()
            .putNull("avatar")
            .putNull("banner")
            .putNull("communication_disabled_until")
            .put("deaf", false)
            .put("flags", 0)
            .put("is_pending", false)
            .put("joined_at", "2024-11-01T12:00:00.000000+00:00")
            .put("mute", false)
            .putNull("nick")
            .put("pending", false)
            .putNull("premium_since");
    ArrayNode roles = member.putArray("roles");
    roleIds.forEach(roles::add);
    member.set("user", user);
    if (permissions != null) {
      member.put("permissions", permissions);
    }
    return member;
  }

  static ObjectNode role(String id, String name, int position, String permissions) {
    ObjectNode role = object().put("id", id).put("name", name).put("color", 0);
    role.putObject("colors")
        .put("primary_color", 0)
        .putNull("secondary_color")
        .putNull("tertiary_color");
    return role.put("hoist", false)
        .putNull("icon")
        .putNull("unicode_emoji")
        .put("position", position)
        .put("permissions", permissions)
        .put("managed", false)
        .put("mentionable", false)
        .put("flags", 0);
  }

  /** The guild's text channel. */
  static ObjectNode textChannel(String id, String guildId, String name) {
    ObjectNode channel =
        object()
            .put("id", id)
            .put("type", 0)
            .put("guild_id", guildId)
            .put("name", name)
            .put("position", 0)
            .put("flags", 0)
            .putNull("parent_id")
            .put("nsfw", false)
            .putNull("topic")
            .putNull("last_message_id")
            .put("rate_limit_per_user", 0);
    channel.putArray("permission_overwrites");
    return channel;
  }

  /** The guild as GUILD_CREATE delivers it: roles, the text channel, the bot and an operator. */
  static ObjectNode guildCreate(Clock clock) {
    String everyone = DiscordStub.GUILD_ID;
    ObjectNode guild =
        object()
            .put("id", DiscordStub.GUILD_ID)
            .put("name", DiscordStub.GUILD_NAME)
            .putNull("icon")
            .putNull("splash")
            .putNull("discovery_splash")
            .putNull("banner")
            .putNull("description")
            .put("owner_id", DiscordStub.OPERATOR_ID)
            .putNull("afk_channel_id")
            .put("afk_timeout", 300)
            .put("verification_level", 0)
            .put("default_message_notifications", 0)
            .put("explicit_content_filter", 0)
            .put("mfa_level", 0)
            .put("nsfw_level", 0)
            .put("premium_tier", 0)
            .put("premium_subscription_count", 0)
            .put("premium_progress_bar_enabled", false)
            .putNull("application_id")
            .putNull("system_channel_id")
            .put("system_channel_flags", 0)
            .putNull("rules_channel_id")
            .putNull("public_updates_channel_id")
            .putNull("safety_alerts_channel_id")
            .putNull("vanity_url_code")
            .put("preferred_locale", "en-US")
            .put("max_members", 500_000)
            .put("joined_at", timestamp(clock.instant()))
            .put("large", false)
            .put("unavailable", false)
            .put("member_count", 2);
    guild.putArray("features");
    guild.putArray("emojis");
    guild.putArray("stickers");
    guild
        .putArray("roles")
        .add(role(everyone, "@everyone", 0, PERMISSIONS))
        .add(role(DiscordStub.ONCALL_ROLE_ID, DiscordStub.ONCALL_ROLE_NAME, 1, PERMISSIONS));
    guild
        .putArray("channels")
        .add(textChannel(DiscordStub.CHANNEL_ID, DiscordStub.GUILD_ID, DiscordStub.CHANNEL_NAME));
    guild
        .putArray("members")
        .add(member(botUser(), List.of(), null))
        .add(member(user(DiscordStub.OPERATOR_ID), List.of(DiscordStub.ONCALL_ROLE_ID), null));
    for (String empty :
        List.of(
            "voice_states",
            "presences",
            "threads",
            "stage_instances",
            "guild_scheduled_events",
            "soundboard_sounds")) {
      guild.putArray(empty);
    }
    return guild;
  }

  /**
   * A message as the REST API returns it.
   *
   * @param webhookId the application's id for a message made through an interaction's webhook, null
   *     for one the bot posted with its token
   */
  static ObjectNode message(
      String id, String channelId, String webhookId, int flags, Instant createdAt) {
    ObjectNode message =
        object()
            .put("type", webhookId == null ? 0 : 20)
            .put("content", "")
            .put("tts", false)
            .put("mention_everyone", false)
            .put("pinned", false)
            .put("id", id)
            .put("channel_id", channelId)
            .put("timestamp", timestamp(createdAt))
            .putNull("edited_timestamp")
            .put("flags", flags);
    message.set("author", botUser());
    for (String empty :
        List.of("mentions", "mention_roles", "attachments", "embeds", "components")) {
      message.putArray(empty);
    }
    if (webhookId != null) {
      message.put("webhook_id", webhookId).put("application_id", DiscordStub.APPLICATION_ID);
    }
    return message;
  }
}
