package io.iisbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class AtTest {

  private static final Instant NOW = Instant.parse("2026-12-07T16:40:00Z");

  @Test
  void resolve_timeLaterToday_isToday() {
    assertThat(At.parse("17:00").resolve(NOW, ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2026-12-07T17:00:00Z"));
  }

  @Test
  void resolve_timeAlreadyPast_isTomorrow() {
    assertThat(At.parse("03:00").resolve(NOW, ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2026-12-08T03:00:00Z"));
  }

  @Test
  void resolve_inTheConfiguredZone_isThatZonesTime() {
    assertThat(At.parse("2026-12-24T03:00").resolve(NOW, ZoneId.of("Europe/Paris")))
        .isEqualTo(Instant.parse("2026-12-24T02:00:00Z"));
  }

  @Test
  void resolve_dateInThePast_isRefusedSayingNow() {
    assertThatThrownBy(() -> At.parse("2026-12-01T03:00").resolve(NOW, ZoneOffset.UTC))
        .isInstanceOf(At.NotAhead.class)
        .hasMessage(
            "--at 2026-12-01T03:00 is not ahead: it is 2026-12-07 16:40 Z now (times are in Z)");
  }
}
