package io.iisbot.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A secret read from the environment or a file: a signing key, a token or a password. Its {@code
 * toString} never shows the value, so a secret can sit in a record that gets logged. Immutable and
 * thread-safe; {@link #bytes()} returns a copy.
 */
public final class Secret {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] value;

  private Secret(byte[] value) {
    this.value = value;
  }

  /**
   * The secret with these bytes.
   *
   * @throws IllegalArgumentException when empty
   */
  public static Secret of(byte[] value) {
    if (value.length == 0) {
      throw new IllegalArgumentException("a secret cannot be empty");
    }
    return new Secret(value.clone());
  }

  /** The secret whose bytes are the UTF-8 of {@code text} (how secrets are read from files/env). */
  public static Secret of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A fresh random secret: {@code bytes} random bytes written as hex, so twice as many bytes. */
  public static Secret random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return of(HexFormat.of().formatHex(b));
  }

  /** A copy of the secret's bytes. */
  public byte[] bytes() {
    return value.clone();
  }

  /** The secret as text (tokens and passwords), decoded as UTF-8. */
  public String text() {
    return new String(value, StandardCharsets.UTF_8);
  }

  public int length() {
    return value.length;
  }

  @Override
  public boolean equals(Object o) {
    // Constant time, so a comparison does not leak how much of a guess was right.
    return o instanceof Secret s && MessageDigest.isEqual(value, s.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "Secret[" + value.length + " bytes]";
  }
}
