package io.iisbot.adapters.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.SharedState;
import io.iisbot.adapters.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sign-in links and sessions in the shared state: two instances on it act as two replicas. */
final class ConsoleSessionsTest {

  private static final Identity ALICE = Identity.parse("slack:UALICE");

  private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final Map<String, String> written = new HashMap<>();
  private final SharedState memory = SharedState.inMemory(clock);

  /** The in-memory state, recording every key and value written, as a store would hold them. */
  private final SharedState shared =
      new SharedState() {
        @Override
        public boolean putIfAbsent(String space, String key, String value, Duration keep) {
          written.put(space + "/" + key, value);
          return memory.putIfAbsent(space, key, value, keep);
        }

        @Override
        public Optional<String> get(String space, String key) {
          return memory.get(space, key);
        }

        @Override
        public Optional<String> take(String space, String key) {
          return memory.take(space, key);
        }

        @Override
        public void remove(String space, String key) {
          memory.remove(space, key);
        }
      };

  private final ConsoleSessions a =
      new ConsoleSessions(clock, Duration.ofMinutes(10), Duration.ofHours(1), shared);
  private final ConsoleSessions b =
      new ConsoleSessions(clock, Duration.ofMinutes(10), Duration.ofHours(1), shared);

  @Test
  void linkFromOne_opensOnTheOther_once_andTheSessionIsEverywhere() {
    String token = a.issueLink(ALICE, "Alice\nSmith");

    ConsoleSessions.Session s = b.redeem(token).orElseThrow();

    assertThat(a.redeem(token)).isEmpty();
    assertThat(a.find(s.id())).contains(s);
    assertThat(s.name()).isEqualTo("Alice\nSmith");
    b.close(s.id());
    assertThat(a.find(s.id())).isEmpty();
  }

  @Test
  void onlyHashesOfTokens_areKept() {
    String token = a.issueLink(ALICE, "Alice");
    ConsoleSessions.Session s = a.redeem(token).orElseThrow();

    assertThat(written).isNotEmpty();
    written.forEach(
        (key, value) -> {
          assertThat(key).doesNotContain(token).doesNotContain(s.id());
          assertThat(value).doesNotContain(token).doesNotContain(s.id());
        });
    assertThat(written).containsKey("console-session/" + ConsoleSessions.hash(s.id()));
    assertThat(ConsoleSessions.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void linksAndSessions_expire() {
    String token = a.issueLink(ALICE, "Alice");
    ConsoleSessions.Session s = a.open(ALICE, "Alice");

    clock.advance(Duration.ofMinutes(10));
    assertThat(b.redeem(token)).isEmpty();
    clock.advance(Duration.ofMinutes(50));
    assertThat(b.find(s.id())).isEmpty();
  }
}
