package io.iisbot.adapters.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that an HTTP request really comes from Slack: {@code X-Slack-Signature} must be {@code
 * "v0=" + hex(HMAC-SHA256(signingSecret, "v0:" + X-Slack-Request-Timestamp + ":" + rawBody))} and
 * the timestamp at most {@link #MAX_SKEW} away from the clock, in either direction.
 *
 * <p>Our own check rather than Bolt's {@code SlackSignature.Verifier}, which lets timestamps from
 * the future through; a captured request with a future timestamp could otherwise be replayed for
 * longer than five minutes.
 *
 * <p>Thread-safe: a new {@link Mac} is made for every check.
 */
public final class SlackSignature {

  /** How far the request's timestamp may be from the clock, in the past or the future. */
  public static final Duration MAX_SKEW = Duration.ofSeconds(300);

  private static final String ALGORITHM = "HmacSHA256";
  private static final String VERSION = "v0";
  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;
  private final Clock clock;

  /**
   * @param signingSecret the app's signing secret, as bytes (copied)
   * @param clock the time to compare the request's timestamp with
   * @throws IllegalArgumentException if the secret is empty
   * @throws NullPointerException if an argument is null
   */
  public SlackSignature(byte[] signingSecret, Clock clock) {
    Objects.requireNonNull(signingSecret, "signingSecret");
    if (signingSecret.length == 0) {
      throw new IllegalArgumentException("the Slack signing secret must not be empty");
    }
    this.key = new SecretKeySpec(signingSecret.clone(), ALGORITHM);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Why a request is not from Slack, or empty when its signature is valid.
   *
   * @param timestamp the {@code X-Slack-Request-Timestamp} header, null when absent
   * @param signature the {@code X-Slack-Signature} header, null when absent
   * @param rawBody the request body exactly as received
   * @return a short reason to log (never containing the secret), or empty when valid
   */
  public Optional<String> problem(String timestamp, String signature, byte[] rawBody) {
    Objects.requireNonNull(rawBody, "rawBody");
    if (timestamp == null || timestamp.isEmpty()) {
      return Optional.of("missing X-Slack-Request-Timestamp");
    }
    // Digits only: Long.parseLong would also take "+1531420618", which Slack never sends.
    if (timestamp.length() > 18 || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of("timestamp not a number");
    }
    long age = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
    if (age > MAX_SKEW.toSeconds()) {
      return Optional.of("timestamp " + age + " s in the past");
    }
    if (-age > MAX_SKEW.toSeconds()) {
      return Optional.of("timestamp " + -age + " s in the future");
    }
    if (signature == null || signature.isEmpty()) {
      return Optional.of("missing X-Slack-Signature");
    }
    byte[] expected = expected(timestamp, rawBody).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of("signature mismatch");
    }
    return Optional.empty();
  }

  private String expected(String timestamp, byte[] rawBody) {
    Mac mac;
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
    } catch (GeneralSecurityException e) {
      // Every JDK ships HmacSHA256, and any non-empty key suits it.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
    mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
    return VERSION + "=" + HEX.formatHex(mac.doFinal(rawBody));
  }
}
