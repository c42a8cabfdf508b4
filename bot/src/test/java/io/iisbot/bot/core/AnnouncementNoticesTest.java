package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Mention;
import io.iisbot.bot.confirm.Pinned;
import io.iisbot.bot.fleet.FleetResult;
import io.iisbot.bot.fleet.HostOutcome;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.Scope;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The notices {@link Announcements} posts, and where it does not post. */
final class AnnouncementNoticesTest {

  private static final Caller ALICE =
      new Caller(Identity.parse("slack:UALICE"), List.of(), "alice");

  /** A sink that keeps what it was given, or fails every post. */
  private static final class Sink implements ChatSink {
    final List<String> posted = new ArrayList<>();
    final boolean fails;

    Sink(boolean fails) {
      this.fails = fails;
    }

    @Override
    public String post(String channel, Caller onlyFor, ChatMessage message) {
      if (fails) {
        throw new IllegalStateException("the platform is down");
      }
      posted.add(channel + ": " + message.plainText().replace('\n', '|'));
      return "m" + posted.size();
    }

    @Override
    public void update(String channel, String messageId, ChatMessage message) {}
  }

  private final Sink slack = new Sink(false);
  private final Sink discord = new Sink(true);
  private Instant now = Instant.parse("2026-01-05T09:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private Announcements announcements(Optional<URI> publicUrl) {
    return new Announcements(
        List.of(
            new Announcements.Channel("discord", "D1"),
            new Announcements.Channel("slack", "CANNOUNCE"),
            new Announcements.Channel("slack", "COPS")),
        Map.of("slack", slack, "discord", discord),
        publicUrl,
        clock);
  }

  private static Launch launch(String channel, Caller startedBy, String reason) {
    Pinned pinned =
        new Pinned(
            "/iis stop web01,web02",
            "stop",
            OperationRequest.of(Action.STOP, Scope.host()),
            List.of("web01", "web02"),
            1,
            reason,
            Map.of(),
            false,
            List.of(),
            Mention.of(ALICE).token(),
            null,
            null,
            null);
    return new Launch("slack", channel, "1.2", startedBy, "slack:UALICE", pinned, null);
  }

  @Test
  void startAndEnd_areOneLineEach_inEveryChannelButTheOperationsOwn() {
    Announcements a = announcements(Optional.of(URI.create("https://iisbot.example.com")));
    Launch l = launch("COPS", ALICE, "patching");

    a.started("op-1", l, Map.of());
    now = now.plusSeconds(95);
    a.finished(
        "op-1",
        l,
        new FleetResult(
            List.of(new HostOutcome("web01", "op-1-web01", null, "the agent did not answer")),
            List.of("web02")));

    assertThat(slack.posted)
        .containsExactly(
            "CANNOUNCE: Started: /iis stop web01,web02|by alice · web01, web02 · reason: patching"
                + " · https://iisbot.example.com/#op=op-1|Operation: op-1",
            "CANNOUNCE: Failed: /iis stop web01,web02|failed on web01 (1 of 2 hosts; 1 not run)"
                + " in 95s · by alice · reason: patching · https://iisbot.example.com/#op=op-1"
                + "|Operation: op-1");
  }

  @Test
  void withoutPublicUrlOrReason_andStartedByTheBot_saysSo_withoutALink() {
    Announcements a = announcements(Optional.empty());

    a.started("op-2", launch("C1", null, null), Map.of());

    assertThat(slack.posted)
        .containsExactly(
            "CANNOUNCE: Started: /iis stop web01,web02|by iisbot for alice · web01, web02"
                + "|Operation: op-2",
            "COPS: Started: /iis stop web01,web02|by iisbot for alice · web01, web02"
                + "|Operation: op-2");
  }
}
