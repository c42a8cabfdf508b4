package io.iisbot.adapters.discord;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Checks that an HTTP interaction comes from Discord: {@code X-Signature-Ed25519} is the Ed25519
 * signature, by the application's key, of {@code X-Signature-Timestamp} followed by the raw body.
 * Discord sends badly signed requests on purpose and disables the endpoint if they are accepted, so
 * the route answers 401 whenever {@link #verify} is false.
 *
 * <p>The JDK verifies Ed25519 itself (JDK 15+); the raw 32-byte key is wrapped in the X.509 {@code
 * SubjectPublicKeyInfo} header the JDK reads. Immutable and thread-safe: each check uses its own
 * {@link Signature}.
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

  private final PublicKey key;

  /**
   * @param publicKeyHex the application's public key as the Developer Portal shows it: 64 hex
   *     characters
   * @throws IllegalArgumentException when it is not 64 hex characters or not an Ed25519 key
   */
  public DiscordSignature(String publicKeyHex) {
    Objects.requireNonNull(publicKeyHex, "publicKeyHex");
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
      key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
      // The JDK decodes the point only here; a bad key should fail at start-up, not per request.
      Signature.getInstance("Ed25519").initVerify(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the Discord public key is 64 hex characters but no Ed25519 key: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code signatureHex} signs {@code timestamp} (as UTF-8) followed by {@code rawBody}.
   * False, never an exception, for anything missing or malformed.
   *
   * @param signatureHex the {@code X-Signature-Ed25519} header; may be null
   * @param timestamp the {@code X-Signature-Timestamp} header; may be null
   * @param rawBody the body exactly as received; may be null
   */
  public boolean verify(String signatureHex, String timestamp, byte[] rawBody) {
    if (signatureHex == null || timestamp == null || rawBody == null) {
      return false;
    }
    byte[] signature = hex(signatureHex, SIGNATURE_BYTES);
    if (signature == null) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(timestamp.getBytes(StandardCharsets.UTF_8));
      s.update(rawBody);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      // The JDK throws for some malformed signatures (such as s >= L) instead of returning false.
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
