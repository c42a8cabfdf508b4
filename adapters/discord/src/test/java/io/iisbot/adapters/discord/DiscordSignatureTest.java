package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Discord's Ed25519 request signatures: RFC 8032 vectors, a sign-then-verify round trip, and the
 * five-minute window around the signed timestamp.
 */
final class DiscordSignatureTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final String TIMESTAMP = "1700000000";
  private static final Clock AT_TIMESTAMP = at(Long.parseLong(TIMESTAMP));
  private static final byte[] BODY = Fixtures.bytes("discord/djs-test-application-command.json");

  private static KeyPair pair;
  private static DiscordSignature discord;

  @BeforeAll
  static void keys() throws Exception {
    pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    discord = new DiscordSignature(rawPublicKey(pair), AT_TIMESTAMP);
  }

  private static Clock at(long epochSeconds) {
    return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
  }

  /** The raw 32-byte key as Discord shows it: the end of the X.509 encoding. */
  private static String rawPublicKey(KeyPair p) {
    byte[] x509 = p.getPublic().getEncoded();
    return HEX.formatHex(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
  }

  private static String sign(PrivateKey key, String timestamp, byte[] body) throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(key);
    s.update(timestamp.getBytes(StandardCharsets.UTF_8));
    s.update(body);
    return HEX.formatHex(s.sign());
  }

  @Test
  void verify_rfc8032Vectors_verifyAndAFlippedBitDoesNot() {
    JsonNode cases = Fixtures.json("crypto/rfc8032-ed25519-vectors.json").get("cases");
    assertThat(cases).hasSize(3);
    for (JsonNode c : cases) {
      DiscordSignature s = new DiscordSignature(c.get("public_key").asText(), AT_TIMESTAMP);
      byte[] message = HEX.parseHex(c.get("message").asText());
      byte[] signature = HEX.parseHex(c.get("signature").asText());

      assertThat(s.verify(HEX.formatHex(signature), "", message))
          .as(c.get("name").asText())
          .isTrue();
      for (int bit : new int[] {0, 255, 511}) {
        byte[] flipped = signature.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThat(s.verify(HEX.formatHex(flipped), "", message))
            .as(c.get("name").asText() + ", signature bit " + bit + " flipped")
            .isFalse();
      }
      byte[] longer = Arrays.copyOf(message, message.length + 1);
      assertThat(s.verify(HEX.formatHex(signature), "", longer)).isFalse();
    }
  }

  @Test
  void verify_signatureOverTimestampAndBody_isAccepted() throws Exception {
    String signature = sign(pair.getPrivate(), TIMESTAMP, BODY);

    assertThat(discord.verify(signature, TIMESTAMP, BODY)).isTrue();
    assertThat(discord.verify(signature.toUpperCase(java.util.Locale.ROOT), TIMESTAMP, BODY))
        .isTrue();
  }

  @Test
  void verify_anotherKeysSignature_isRefused() throws Exception {
    KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

    assertThat(discord.verify(sign(other.getPrivate(), TIMESTAMP, BODY), TIMESTAMP, BODY))
        .isFalse();
    assertThat(
            new DiscordSignature(rawPublicKey(other), AT_TIMESTAMP)
                .verify(sign(pair.getPrivate(), TIMESTAMP, BODY), TIMESTAMP, BODY))
        .isFalse();
  }

  @Test
  void verify_tamperedBodyOrTimestamp_isRefused() throws Exception {
    String signature = sign(pair.getPrivate(), TIMESTAMP, BODY);
    byte[] body = BODY.clone();
    body[body.length - 2] ^= 1;

    assertThat(discord.verify(signature, TIMESTAMP, body)).isFalse();
    assertThat(discord.verify(signature, "1700000001", BODY)).isFalse();
    assertThat(discord.verify(signature, "", BODY)).isFalse();
    // The timestamp is signed before the body, not merely somewhere in the signed bytes.
    byte[] joined =
        (TIMESTAMP + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    assertThat(discord.verify(signature, "", joined)).isTrue();
    assertThat(discord.verify(signature, TIMESTAMP + "{", Arrays.copyOfRange(BODY, 1, BODY.length)))
        .isTrue();
  }

  @Test
  void verify_missingHeadersOrBody_isRefusedWithoutException() throws Exception {
    String signature = sign(pair.getPrivate(), TIMESTAMP, BODY);

    assertThat(discord.verify(null, TIMESTAMP, BODY)).isFalse();
    assertThat(discord.verify(signature, null, BODY)).isFalse();
    assertThat(discord.verify(signature, TIMESTAMP, null)).isFalse();
    assertThat(discord.verify("", TIMESTAMP, BODY)).isFalse();
  }

  @Test
  void verify_garbledSignature_isRefusedWithoutException() throws Exception {
    String signature = sign(pair.getPrivate(), TIMESTAMP, BODY);

    assertThat(discord.verify("zz" + signature.substring(2), TIMESTAMP, BODY)).isFalse();
    assertThat(discord.verify(signature.substring(2), TIMESTAMP, BODY)).isFalse();
    assertThat(discord.verify(signature + "00", TIMESTAMP, BODY)).isFalse();
    assertThat(discord.verify(" " + signature.substring(1), TIMESTAMP, BODY)).isFalse();
    // Arabic-Indic digits are digits to Character.digit, but no hex.
    assertThat(discord.verify("\u0663" + signature.substring(1), TIMESTAMP, BODY)).isFalse();
    // s >= L: the JDK throws instead of answering false.
    assertThat(discord.verify("ff".repeat(64), TIMESTAMP, BODY)).isFalse();
    assertThat(discord.verify("00".repeat(64), TIMESTAMP, BODY)).isFalse();
  }

  @Test
  void new_keyOfWrongLength_isRefusedSayingWhatAKeyIs() {
    assertThatThrownBy(() -> new DiscordSignature("d75a98", AT_TIMESTAMP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a Discord public key is 64 hex characters (General Information > Public Key in the"
                + " Developer Portal), was 6 characters");
    assertThatThrownBy(() -> new DiscordSignature("", AT_TIMESTAMP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("was 0 characters");
  }

  @Test
  void new_keyWithNonHexCharacters_isRefused() {
    assertThatThrownBy(() -> new DiscordSignature("g".repeat(64), AT_TIMESTAMP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("was 64 characters, not all of them hex digits");
  }

  @Test
  void new_hexThatIsNoCurvePoint_isRefusedAtOnce() {
    assertThatThrownBy(() -> new DiscordSignature("ff".repeat(32), AT_TIMESTAMP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the Discord public key is 64 hex characters but no Ed25519 key");
  }

  @Test
  void new_upperCaseKey_isAccepted() throws Exception {
    DiscordSignature upper =
        new DiscordSignature(rawPublicKey(pair).toUpperCase(java.util.Locale.ROOT), AT_TIMESTAMP);

    assertThat(upper.verify(sign(pair.getPrivate(), TIMESTAMP, BODY), TIMESTAMP, BODY)).isTrue();
  }

  @ParameterizedTest(name = "clock {0} s after signing -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "valid",
      textBlock =
          """
          -300 | valid
           300 | valid
             0 | valid
           301 | timestamp 301 s in the past
          3600 | timestamp 3600 s in the past
          -301 | timestamp 301 s in the future
          -390 | timestamp 390 s in the future
          """)
  void problem_timestampOutsideFiveMinutes_isNamedEvenWhenSigned(long offset, String problem)
      throws Exception {
    String signature = sign(pair.getPrivate(), TIMESTAMP, BODY);
    DiscordSignature s =
        new DiscordSignature(rawPublicKey(pair), at(Long.parseLong(TIMESTAMP) + offset));

    assertThat(s.problem(signature, TIMESTAMP, BODY)).isEqualTo(Optional.ofNullable(problem));
  }

  @Test
  void problem_badOrMissingParts_areNamedWithoutTheirValues() throws Exception {
    String signature = sign(pair.getPrivate(), TIMESTAMP, BODY);

    assertThat(discord.problem(signature, TIMESTAMP, BODY)).isEmpty();
    assertThat(discord.problem(signature, null, BODY)).contains("missing X-Signature-Timestamp");
    assertThat(discord.problem(signature, "", BODY)).contains("missing X-Signature-Timestamp");
    assertThat(discord.problem(signature, "+1700000000", BODY)).contains("timestamp not a number");
    assertThat(discord.problem(signature, "1".repeat(19), BODY)).contains("timestamp not a number");
    assertThat(discord.problem(null, TIMESTAMP, BODY)).contains("missing X-Signature-Ed25519");
    assertThat(discord.problem("00".repeat(64), TIMESTAMP, BODY)).contains("bad signature");
    assertThat(discord.problem(signature, TIMESTAMP, null)).contains("bad signature");
    // The timestamp stays signed: a fresh one on an old signature is no way round the window.
    assertThat(discord.problem(signature, "1700000001", BODY)).contains("bad signature");
  }

  @Test
  void maxSkew_isFiveMinutes_asForSlack() {
    assertThat(DiscordSignature.MAX_SKEW).hasSeconds(300);
  }
}
