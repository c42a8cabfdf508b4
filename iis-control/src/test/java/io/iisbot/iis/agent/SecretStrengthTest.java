package io.iisbot.iis.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class SecretStrengthTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcd",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0123456789abcdef0123456789abcdef",
        "passwordpasswordpasswordpassword",
        "abababababababababababababababababababab!",
        "1111111111111111111111111111111122222222222222222222222222222222"
      })
  void finding12_weakSecret_isRefusedWithHowToMakeOne(String secret) {
    assertThat(SecretStrength.problem(bytes(secret)))
        .contains(
            "the secret is too easy to guess: it repeats a short pattern or uses only a few"
                + " different characters; make one with `openssl rand -hex 32`");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 16, 31})
  void shortSecret_isRefusedSayingHowLongAndHowToMakeOne(int length) {
    assertThat(SecretStrength.problem(new byte[length]))
        .contains(
            "the secret is "
                + length
                + (length == 1 ? " byte" : " bytes")
                + "; at least 32 are needed: make one with `openssl rand -hex 32`");
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 24, 32, 48, 64})
  void randomHexAndBase64_areAccepted(int randomBytes) {
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[randomBytes];
      RANDOM.nextBytes(b);
      String hex = HexFormat.of().formatHex(b);
      String base64 = Base64.getEncoder().encodeToString(b);

      assertThat(SecretStrength.problem(bytes(hex))).as(hex).isEmpty();
      if (base64.length() >= 32) {
        assertThat(SecretStrength.problem(bytes(base64))).as(base64).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0123456789abcdef0123456789abcdef-test-secret",
        "loopback-agents-secret-0123456789abcdef",
        "bot-app-test-secret-0123456789abcdef"
      })
  void secretsWithoutARepeatingPattern_areAccepted(String secret) {
    assertThat(SecretStrength.isStrong(bytes(secret))).isTrue();
  }
}
