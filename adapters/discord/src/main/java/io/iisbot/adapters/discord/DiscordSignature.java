package io.iisbot.adapters.discord;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks that an HTTP interaction comes from Discord, and recently: {@code X-Signature-Ed25519} is
 * the Ed25519 signature, by the application's key, of {@code X-Signature-Timestamp} followed by the
 * raw body, and that timestamp is at most {@link #MAX_SKEW} away from the clock, in either
 * direction. Discord sends badly signed requests on purpose and disables the endpoint if they are
 * accepted, so the route answers 401 whenever {@link #problem} finds one.
 *
 * <p>Discord's libraries check the signature alone, so a captured request would stay valid for
 * ever; the window, as for Slack ({@code SlackSignature}), bounds how long a replay can be tried,
 * and the route remembers the interactions of that window ({@link ReplayGuard}) to refuse the rest.
 *
 * <p>The key is checked once by the JDK (the raw 32-byte key wrapped in the X.509 {@code
 * SubjectPublicKeyInfo} header it reads), so a bad one fails at start-up; each request's signature
 * is verified by Bouncy Castle's RFC 8032 code, which takes a tenth of the JDK 17's time, and
 * Discord requests are checked at the rate they come (README "Performance"). Immutable and
 * thread-safe.
 */
public final class DiscordSignature {

  /** The header holding the signature, 128 hex characters. */
  public static final String SIGNATURE_HEADER = "X-Signature-Ed25519";

  /** The header holding the timestamp that is signed before the body. */
  public static final String TIMESTAMP_HEADER = "X-Signature-Timestamp";

  // DER of SubjectPublicKeyInfo { AlgorithmIdentifier { 1.3.101.112 }, BIT STRING (32 bytes) }.
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final int KEY_BYTES = 32;
  private static final int SIGNATURE_BYTES = 64;

  /** How far the request's timestamp may be from the clock, in the past or the future. */
  public static final Duration MAX_SKEW = Duration.ofSeconds(300);

  /** The key decoded and checked once, so that each request's check starts from the point. */
  private final org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint key;

  private final Clock clock;

  /**
   * @param publicKeyHex the application's public key as the Developer Portal shows it: 64 hex
   *     characters
   * @param clock the time to compare the request's timestamp with
   * @throws IllegalArgumentException when it is not 64 hex characters or not an Ed25519 key
   * @throws NullPointerException if an argument is null
   */
  public DiscordSignature(String publicKeyHex, Clock clock) {
    Objects.requireNonNull(publicKeyHex, "publicKeyHex");
    this.clock = Objects.requireNonNull(clock, "clock");
    byte[] raw = hex(publicKeyHex, KEY_BYTES);
    if (raw == null) {
      throw new IllegalArgumentException(
          "a Discord public key is 64 hex characters (General Information > Public Key in the"
              + " Developer Portal), was "
              + describe(publicKeyHex));
    }
    byte[] der = new byte[X509_PREFIX.length + KEY_BYTES];
    System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
    System.arraycopy(raw, 0, der, X509_PREFIX.length, KEY_BYTES);
    try {
      PublicKey jdk = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
      // The JDK decodes the point here; a bad key should fail at start-up, not per request.
      Signature.getInstance("Ed25519").initVerify(jdk);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the Discord public key is 64 hex characters but no Ed25519 key: " + e.getMessage(), e);
    }
    key = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFullExport(raw, 0);
    if (key == null) {
      throw new IllegalArgumentException(
          "the Discord public key is 64 hex characters but not a valid Ed25519 point");
    }
  }

  /**
   * Why a request is not from Discord or not recent, or empty when it is both.
   *
   * @param signatureHex the {@code X-Signature-Ed25519} header, null when absent
   * @param timestamp the {@code X-Signature-Timestamp} header (epoch seconds), null when absent
   * @param rawBody the body exactly as received, null when none
   * @return a short reason to log (never the body or a header's value), or empty when valid
   */
  public Optional<String> problem(String signatureHex, String timestamp, byte[] rawBody) {
    if (timestamp == null || timestamp.isEmpty()) {
      return Optional.of("missing " + TIMESTAMP_HEADER);
    }
    // Digits only: Long.parseLong would also take "+1700000000", which Discord never sends.
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
    if (signatureHex == null || signatureHex.isEmpty()) {
      return Optional.of("missing " + SIGNATURE_HEADER);
    }
    return verify(signatureHex, timestamp, rawBody)
        ? Optional.empty()
        : Optional.of("bad signature");
  }

  /**
   * Whether {@code signatureHex} signs {@code timestamp} (as UTF-8) followed by {@code rawBody},
   * whatever the time: the signature alone, which {@link #problem} checks after the timestamp.
   * False, never an exception, for anything missing or malformed.
   */
  boolean verify(String signatureHex, String timestamp, byte[] rawBody) {
    if (signatureHex == null || timestamp == null || rawBody == null) {
      return false;
    }
    byte[] signature = hex(signatureHex, SIGNATURE_BYTES);
    if (signature == null) {
      return false;
    }
    byte[] ts = timestamp.getBytes(StandardCharsets.UTF_8);
    byte[] message = new byte[ts.length + rawBody.length];
    System.arraycopy(ts, 0, message, 0, ts.length);
    System.arraycopy(rawBody, 0, message, ts.length, rawBody.length);
    try {
      // Refuses a non-canonical s (s >= L) and a point that does not decode, as the JDK does.
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
          signature, 0, key, message, 0, message.length);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The bytes of {@code text} if it is exactly {@code bytes} bytes of hex, else null. */
  private static byte[] hex(String text, int bytes) {
    if (text.length() != bytes * 2) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      // ASCII only: Character.digit would also take other scripts' digits.
      if (!HexFormat.isHexDigit(text.charAt(i))) {
        return null;
      }
    }
    return HexFormat.of().parseHex(text);
  }

  private static String describe(String text) {
    int n = text.length();
    boolean hex = text.chars().allMatch(HexFormat::isHexDigit);
    return n + " characters" + (hex || n == 0 ? "" : ", not all of them hex digits");
  }
}
