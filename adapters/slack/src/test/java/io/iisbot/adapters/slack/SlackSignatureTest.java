package io.iisbot.adapters.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Slack's documented signing example and every way a request can fail the check. */
final class SlackSignatureTest {

  private static final JsonNode VECTOR = Fixtures.json("signing-vector.json");
  private static final String SECRET = VECTOR.get("signing_secret").asText();
  private static final String TIMESTAMP = VECTOR.get("x_slack_request_timestamp").asText();
  private static final String EXPECTED = VECTOR.get("expected_x_slack_signature").asText();
  private static final byte[] BODY = Fixtures.bytes("signing-vector-body.txt");
  private static final long SIGNED_AT = Long.parseLong(TIMESTAMP);

  private static SlackSignature at(long epochSeconds) {
    return new SlackSignature(
        SECRET.getBytes(StandardCharsets.UTF_8),
        Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
  }

  @Test
  void officialVector_atItsTimestamp_isValid() {
    assertThat(BODY).isEqualTo(VECTOR.get("raw_body").asText().getBytes(StandardCharsets.UTF_8));
    assertThat(at(SIGNED_AT).problem(TIMESTAMP, EXPECTED, BODY)).isEmpty();
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
           412 | timestamp 412 s in the past
          -301 | timestamp 301 s in the future
          -390 | timestamp 390 s in the future
          """)
  void officialVector_atSkewedClock_isJudgedByTheFiveMinuteWindow(long offset, String problem) {
    assertThat(at(SIGNED_AT + offset).problem(TIMESTAMP, EXPECTED, BODY))
        .isEqualTo(Optional.ofNullable(problem));
  }

  @Test
  void maxSkew_isFiveMinutes() {
    assertThat(SlackSignature.MAX_SKEW).hasSeconds(300);
  }

  @Test
  void tamperedBody_isAMismatch() {
    byte[] tampered = BODY.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThat(at(SIGNED_AT).problem(TIMESTAMP, EXPECTED, tampered)).contains("signature mismatch");
  }

  @Test
  void emptyBody_isAMismatch() {
    assertThat(at(SIGNED_AT).problem(TIMESTAMP, EXPECTED, new byte[0]))
        .contains("signature mismatch");
  }

  @Test
  void wrongSecret_isAMismatch() {
    SlackSignature other =
        new SlackSignature(
            "8f742231b10e8888abcd99yyyzzz85a6".getBytes(StandardCharsets.UTF_8),
            Clock.fixed(Instant.ofEpochSecond(SIGNED_AT), ZoneOffset.UTC));
    assertThat(other.problem(TIMESTAMP, EXPECTED, BODY)).contains("signature mismatch");
  }

  @Test
  void timestampChangedAfterSigning_isAMismatch() {
    String next = String.valueOf(SIGNED_AT + 1);
    assertThat(at(SIGNED_AT).problem(next, EXPECTED, BODY)).contains("signature mismatch");
  }

  @ParameterizedTest(name = "signature \"{0}\"")
  @ValueSource(
      strings = {
        "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
        "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
        "V0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
        "v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503",
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50",
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503 ",
        "v0=",
        "garbage"
      })
  void otherSignature_isAMismatch(String signature) {
    assertThat(at(SIGNED_AT).problem(TIMESTAMP, signature, BODY)).contains("signature mismatch");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingSignature_isReported(String signature) {
    assertThat(at(SIGNED_AT).problem(TIMESTAMP, signature, BODY))
        .contains("missing X-Slack-Signature");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingTimestamp_isReportedBeforeTheSignature(String timestamp) {
    assertThat(at(SIGNED_AT).problem(timestamp, null, BODY))
        .contains("missing X-Slack-Request-Timestamp");
  }

  @ParameterizedTest(name = "timestamp \"{0}\"")
  @ValueSource(
      strings = {
        "abc",
        "1531420618.5",
        " 1531420618",
        "1531420618 ",
        "+1531420618",
        "-1531420618",
        "1e9",
        "99999999999999999999"
      })
  void garbledTimestamp_isNotANumber(String timestamp) {
    assertThat(at(SIGNED_AT).problem(timestamp, EXPECTED, BODY)).contains("timestamp not a number");
  }

  @Test
  void staleTimestamp_isReportedEvenWithAValidSignature() {
    assertThat(at(SIGNED_AT + 86_400).problem(TIMESTAMP, EXPECTED, BODY))
        .contains("timestamp 86400 s in the past");
  }

  @Test
  void emptySecret_isRefused() {
    assertThatThrownBy(() -> new SlackSignature(new byte[0], Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the Slack signing secret must not be empty");
  }

  @Test
  void secret_isCopied() {
    byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
    SlackSignature check =
        new SlackSignature(secret, Clock.fixed(Instant.ofEpochSecond(SIGNED_AT), ZoneOffset.UTC));
    secret[0] = 'x';
    assertThat(check.problem(TIMESTAMP, EXPECTED, BODY)).isEmpty();
  }
}
