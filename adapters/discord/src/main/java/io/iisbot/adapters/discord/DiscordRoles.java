package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Memberships;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roles a {@code discord:} identity holds now in the configured server, as {@code
 * discord-role:<id>}: what the console asks, since only an interaction carries the member's roles.
 * Read with {@code GET /guilds/{guild}/members/{user}} and the bot token (gateway and HTTP mode
 * alike), cached like Slack's user groups. No server configured, an unknown member or a failed call
 * gives none, which denies rather than allows; a failure is not cached, so the next request asks
 * again. Thread-safe.
 */
final class DiscordRoles implements Memberships {

  private static final Logger LOG = LoggerFactory.getLogger(DiscordRoles.class);

  /** How long a member's roles are trusted, as long as Slack's group lists. */
  static final Duration TTL = Duration.ofMinutes(5);

  /** At most this many members' roles are kept. */
  static final int MAX_MEMBERS = 10_000;

  private static final Pattern SNOWFLAKE = Pattern.compile("\\d{1,20}");

  private final Optional<String> guild;
  private final DiscordRest rest;
  private final Cache<String, List<Identity>> roles;
  private final AtomicBoolean toldNoGuild = new AtomicBoolean();

  /**
   * @param guild the server whose roles count (DiscordSettings.guildId); none: no roles for anyone
   * @param ticker the time cached roles expire by
   */
  DiscordRoles(Optional<String> guild, DiscordRest rest, Ticker ticker) {
    this.guild = guild;
    this.rest = rest;
    this.roles =
        Caffeine.newBuilder().ticker(ticker).maximumSize(MAX_MEMBERS).expireAfterWrite(TTL).build();
  }

  @Override
  public List<Identity> of(Identity user) {
    if (!user.kind().equals("discord") || !SNOWFLAKE.matcher(user.id()).matches()) {
      return List.of();
    }
    if (guild.isEmpty()) {
      if (toldNoGuild.compareAndSet(false, true)) {
        LOG.warn(
            "discord.guildId is not set: the console cannot read Discord roles, so only roles"
                + " naming discord: users directly apply there");
      }
      return List.of();
    }
    List<Identity> known = roles.getIfPresent(user.id());
    if (known != null) {
      return known;
    }
    // DiscordRest logs a failed call (one line); an unknown member is a 404 like any failure.
    Optional<JsonNode> member = rest.member(guild.get(), user.id());
    if (member.isEmpty()) {
      return List.of();
    }
    List<Identity> found = new ArrayList<>();
    for (JsonNode r : member.get().path("roles")) {
      if (SNOWFLAKE.matcher(r.asText()).matches()) {
        found.add(new Identity("discord-role", r.asText()));
      }
    }
    List<Identity> held = List.copyOf(found);
    roles.put(user.id(), held);
    return held;
  }
}
