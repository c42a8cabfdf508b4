package io.iisbot.iis.agent;

import java.util.Optional;

/**
 * Whether a shared secret (an agent's HMAC key, the bot's signing secret) is hard enough to guess:
 * at least {@link #MIN_BYTES} bytes, and not made of a short pattern repeated or of a handful of
 * characters. The length rule alone accepted {@code aaaa…} and {@code abcdabcd…}.
 *
 * <p>The strength is estimated, not measured: the shortest period of the secret (the length of the
 * pattern it repeats; its whole length when it does not repeat) times the Shannon entropy per byte
 * of that pattern, which must reach {@link #MIN_ESTIMATED_BITS}. Random hex of 16 bytes or more
 * ({@code openssl rand -hex 32}) and base64 secrets pass with a wide margin; a secret that repeats
 * itself or uses a few characters fails. A passphrase of words may pass: this catches the secrets
 * that are obviously weak, not every weak one. Stateless and thread-safe.
 */
public final class SecretStrength {

  /** HMAC-SHA256 wants a key as long as its output. */
  public static final int MIN_BYTES = 32;

  /**
   * The least estimated strength. Lenient on purpose, since the estimate undercounts short random
   * secrets: 32 random hex digits (16 random bytes) estimate about 113 bits and, in a million
   * tries, never below 80; 64 of them about 240. {@code 0123456789abcdef} twice estimates 64 bits,
   * {@code abcd} repeated 8, {@code aaaa…} none.
   */
  public static final int MIN_ESTIMATED_BITS = 72;

  /** How to make a good secret, for messages. */
  public static final String HOW_TO_MAKE_ONE = "make one with `openssl rand -hex 32`";

  private SecretStrength() {}

  /**
   * What is wrong with {@code secret}, as a sentence for the operator ending with how to make a
   * good one; empty when it is strong enough.
   */
  public static Optional<String> problem(byte[] secret) {
    if (secret == null || secret.length < MIN_BYTES) {
      int n = secret == null ? 0 : secret.length;
      return Optional.of(
          "the secret is "
              + n
              + (n == 1 ? " byte" : " bytes")
              + "; at least "
              + MIN_BYTES
              + " are needed: "
              + HOW_TO_MAKE_ONE);
    }
    if (estimatedBits(secret) < MIN_ESTIMATED_BITS) {
      return Optional.of(
          "the secret is too easy to guess: it repeats a short pattern or uses only a few"
              + " different characters; "
              + HOW_TO_MAKE_ONE);
    }
    return Optional.empty();
  }

  /** Whether {@link #problem} finds nothing. */
  public static boolean isStrong(byte[] secret) {
    return problem(secret).isEmpty();
  }

  /** The shortest period times the entropy per byte of one period, in bits. */
  static double estimatedBits(byte[] s) {
    int period = shortestPeriod(s);
    int[] counts = new int[256];
    for (int i = 0; i < period; i++) {
      counts[s[i] & 0xff]++;
    }
    double perByte = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / period;
        perByte -= p * (Math.log(p) / Math.log(2));
      }
    }
    return perByte * period;
  }

  /** The least p with s[i] == s[i + p] for every i (the prefix function of Knuth-Morris-Pratt). */
  static int shortestPeriod(byte[] s) {
    int[] border = new int[s.length];
    for (int i = 1; i < s.length; i++) {
      int k = border[i - 1];
      while (k > 0 && s[i] != s[k]) {
        k = border[k - 1];
      }
      if (s[i] == s[k]) {
        k++;
      }
      border[i] = k;
    }
    return s.length - border[s.length - 1];
  }
}
