package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Discord member's roles read over REST from the stub, cached five minutes of the clock. */
final class DiscordRolesTest {

  private static final Identity OPERATOR = Identity.parse("discord:" + DiscordStub.OPERATOR_ID);
  private static final Identity ONCALL =
      Identity.parse("discord-role:" + DiscordStub.ONCALL_ROLE_ID);

  private final DiscordStub stub = new DiscordStub();
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));

  @AfterEach
  void stop() {
    stub.close();
  }

  private DiscordRoles roles(Optional<String> guild, String token) {
    DiscordRest rest =
        new DiscordRest(
            stub.restUrl(), DiscordStub.APPLICATION_ID, token, JsonMapper.builder().build());
    return new DiscordRoles(guild, rest, () -> clock.millis() * 1_000_000L);
  }

  @Test
  void member_hasTheirGuildRoles_readWithTheBotToken() {
    DiscordRoles roles = roles(Optional.of(DiscordStub.GUILD_ID), "bot-token");

    assertThat(roles.of(OPERATOR)).containsExactly(ONCALL);
    DiscordStub.Call call =
        stub.awaitCall(
            "GET",
            "/guilds/" + DiscordStub.GUILD_ID + "/members/" + DiscordStub.OPERATOR_ID,
            Duration.ofSeconds(5));
    assertThat(call.header("Authorization")).isEqualTo("Bot bot-token");
  }

  @Test
  void finding02_roleRemoved_isSeenAfterTheCacheTime_notBefore() {
    DiscordRoles roles = roles(Optional.of(DiscordStub.GUILD_ID), "bot-token");
    assertThat(roles.of(OPERATOR)).containsExactly(ONCALL);

    stub.memberRoles(DiscordStub.OPERATOR_ID);
    clock.advance(Duration.ofMinutes(4));
    var within = roles.of(OPERATOR);
    clock.advance(Duration.ofMinutes(2));
    var after = roles.of(OPERATOR);

    assertThat(within).containsExactly(ONCALL);
    assertThat(after).isEmpty();
    assertThat(stub.calls("GET", "/guilds/\\d+/members/\\d+")).hasSize(2);
  }

  @Test
  void unknownMemberRevokedTokenOrNoGuild_holdNoRoles() {
    stub.removeMember(DiscordStub.OPERATOR_ID);

    var notMember = roles(Optional.of(DiscordStub.GUILD_ID), "bot-token").of(OPERATOR);
    var revoked =
        roles(Optional.of(DiscordStub.GUILD_ID), DiscordStub.INVALID_TOKEN)
            .of(Identity.parse("discord:" + DiscordStub.BOT_USER_ID));
    int calls = stub.calls().size();
    var noGuild = roles(Optional.empty(), "bot-token").of(OPERATOR);

    assertThat(notMember).isEmpty();
    assertThat(revoked).isEmpty();
    assertThat(noGuild).isEmpty();
    assertThat(stub.calls()).hasSize(calls);
  }

  @Test
  void otherKindsAndIdsThatAreNotSnowflakes_areNotLookedUp() {
    DiscordRoles roles = roles(Optional.of(DiscordStub.GUILD_ID), "bot-token");

    assertThat(roles.of(Identity.parse("slack:" + DiscordStub.OPERATOR_ID))).isEmpty();
    assertThat(roles.of(Identity.parse("discord:.."))).isEmpty();
    assertThat(roles.of(Identity.parse("discord:1.2"))).isEmpty();
    assertThat(stub.calls()).isEmpty();
  }
}
