package io.iisbot.bot.confirm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class TokenSignerTest {

  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
  private final TokenSigner signer = new TokenSigner(SECRET);
  private final ConfirmToken token = new ConfirmToken("c-1", "slack", "C1", NOW.plusSeconds(120));

  @Test
  void signedToken_verifiesToTheSameToken() {
    assertThat(signer.verify(signer.sign(token), NOW)).isEqualTo(token);
  }

  @Test
  void alteredPayload_isRefused() {
    String signed = signer.sign(token);
    String other = signer.sign(new ConfirmToken("c-1", "console", "console", NOW.plusSeconds(120)));
    String forged = other.substring(0, other.indexOf('.')) + signed.substring(signed.indexOf('.'));

    assertThatThrownBy(() -> signer.verify(forged, NOW))
        .isInstanceOf(TokenSigner.Refused.class)
        .hasMessageContaining("does not check out");
  }

  @Test
  void anotherBotsToken_isRefused() {
    String foreign =
        new TokenSigner("another-secret-of-at-least-32-bytes!!".getBytes()).sign(token);

    assertThatThrownBy(() -> signer.verify(foreign, NOW)).isInstanceOf(TokenSigner.Refused.class);
  }

  @Test
  void expiredToken_isRefusedSayingSo() {
    assertThatThrownBy(() -> signer.verify(signer.sign(token), NOW.plusSeconds(120)))
        .hasMessage("this confirmation expired at 2026-01-05T09:02:00Z; run the command again");
  }

  @Test
  void garbage_isRefused() {
    for (String g : new String[] {null, "", "abc", "abc.", ".abc", "a.b.c", "%%%.%%%"}) {
      assertThatThrownBy(() -> signer.verify(g, NOW))
          .as(String.valueOf(g))
          .isInstanceOf(TokenSigner.Refused.class);
    }
  }

  @Test
  void shortSecret_isRejected() {
    assertThatThrownBy(() -> new TokenSigner(new byte[16]))
        .hasMessageContaining("at least 32 bytes");
  }
}
