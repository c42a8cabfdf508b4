package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.adapters.discord.ButtonIds.Click;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Short custom ids for long button values, and what a click on one resolves to. */
final class ButtonIdsTest {

  private static final String TOKEN = "v1." + "c3RvcCB3ZWIwMQ".repeat(20) + ".8f7a3c";

  private final AtomicLong nanos = new AtomicLong();
  private final ButtonIds ids = new ButtonIds(Duration.ofMinutes(15), 1_000, nanos::get);

  @Test
  void idFor_longValue_givesAShortIdInOurForm() {
    String id = ids.idFor("confirm", TOKEN);

    assertThat(TOKEN).hasSizeGreaterThan(100);
    assertThat(id).matches("iis:confirm:[A-Za-z0-9_-]{16}");
  }

  @Test
  void idFor_longestAction_staysWithinDiscordsLimit() {
    String action = "a" + "-".repeat(40);

    assertThat(ids.idFor(action, TOKEN)).hasSize(62).hasSizeLessThanOrEqualTo(100);
  }

  @Test
  void idFor_sameButtonTwice_givesDifferentIds() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      seen.add(ids.idFor("cancel", TOKEN));
    }

    assertThat(seen).hasSize(1_000);
  }

  @Test
  void idFor_actionThatIsNoLowerCaseWord_isRefusedNamingIt() {
    for (String bad : new String[] {"", "Confirm", "9lives", "-x", "con firm", "a:b", "é"}) {
      assertThatThrownBy(() -> ids.idFor(bad, TOKEN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "a button action is a lower-case word such as confirm (a-z, 0-9 and -, starting"
                  + " with a letter, at most 41 characters), was \""
                  + bad
                  + "\"");
    }
    assertThatThrownBy(() -> ids.idFor("a".repeat(42), TOKEN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resolve_idMadeHere_givesActionAndValue() {
    String confirm = ids.idFor("confirm", TOKEN);
    String cancel = ids.idFor("cancel", TOKEN);

    assertThat(ids.resolve(confirm)).contains(new Click("confirm", TOKEN));
    assertThat(ids.resolve(cancel)).contains(new Click("cancel", TOKEN));
    assertThat(ids.resolve(confirm)).as("a click does not use the id up").isPresent();
  }

  @Test
  void resolve_nullValue_isRememberedAsEmpty() {
    assertThat(ids.resolve(ids.idFor("help", null))).contains(new Click("help", ""));
  }

  @Test
  void resolve_afterKeep_givesTheActionWithAnEmptyValue() {
    String id = ids.idFor("confirm", TOKEN);

    nanos.addAndGet(Duration.ofMinutes(15).minusSeconds(1).toNanos());
    assertThat(ids.resolve(id)).contains(new Click("confirm", TOKEN));
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(ids.resolve(id)).contains(new Click("confirm", ""));
    assertThat(ids.size()).isZero();
  }

  @Test
  void resolve_ourFormButUnknown_givesTheActionWithAnEmptyValue() {
    // As after a restart: the id is ours, the value was in the old process.
    assertThat(ids.resolve("iis:approve:AAAAAAAAAAAAAAAA")).contains(new Click("approve", ""));
    assertThat(ids.resolve("iis:approve:short")).contains(new Click("approve", ""));
    assertThat(ids.resolve("iis:approve:")).contains(new Click("approve", ""));
  }

  @Test
  void resolve_idWithAnotherAction_doesNotGetTheValue() {
    String id = ids.idFor("cancel", TOKEN);
    String swapped = id.replace("iis:cancel:", "iis:confirm:");

    assertThat(ids.resolve(swapped)).contains(new Click("confirm", ""));
  }

  @Test
  void resolve_idsNotOurs_areEmpty() {
    String componentFixture =
        Fixtures.json("discord/djs-test-message-component.json").at("/data/custom_id").asText();

    assertThat(componentFixture).isEqualTo("test");
    assertThat(ids.resolve(componentFixture)).isEmpty();
    assertThat(ids.resolve(null)).isEqualTo(Optional.empty());
    assertThat(ids.resolve("")).isEmpty();
    assertThat(ids.resolve("IIS:confirm:AAAAAAAAAAAAAAAA")).isEmpty();
    assertThat(ids.resolve("iis:")).isEmpty();
    assertThat(ids.resolve("iis:confirm")).isEmpty();
    assertThat(ids.resolve("iis:Confirm:AAAAAAAAAAAAAAAA")).isEmpty();
  }

  @Test
  void idFor_pastMax_forgetsSomeButNeverHoldsMore() {
    ButtonIds small = new ButtonIds(Duration.ofMinutes(15), 3, nanos::get);
    String[] made = new String[10];
    for (int i = 0; i < made.length; i++) {
      made[i] = small.idFor("confirm", "token-" + i);
    }

    assertThat(small.size()).isEqualTo(3);
    long remembered =
        java.util.Arrays.stream(made)
            .filter(id -> !small.resolve(id).orElseThrow().value().isEmpty())
            .count();
    assertThat(remembered).isEqualTo(3);
  }

  @Test
  void new_badLimits_areRefused() {
    assertThatThrownBy(() -> new ButtonIds(Duration.ZERO, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keep must be positive, was PT0S");
    assertThatThrownBy(() -> new ButtonIds(Duration.ofMinutes(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max must be at least 1, was 0");
  }

  @Test
  void sharedState_valueMadeByOneInstance_resolvesOnAnother() {
    io.iisbot.adapters.chat.SharedState shared =
        io.iisbot.adapters.chat.SharedState.inMemory(java.time.Clock.systemUTC());
    ButtonIds a = new ButtonIds(Duration.ofMinutes(15), 10, shared);
    ButtonIds b = new ButtonIds(Duration.ofMinutes(15), 10, shared);

    String id = a.idFor("confirm", TOKEN);

    assertThat(b.resolve(id)).contains(new ButtonIds.Click("confirm", TOKEN));
    assertThat(b.resolve("iis:confirm:AAAAAAAAAAAAAAAA"))
        .contains(new ButtonIds.Click("confirm", ""));
  }
}
