package io.iisbot.bot.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random ids for prompts and operations: unguessable, short enough to read in a log line. */
final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** {@code prefix-} and 18 hex digits (72 random bits). */
  static String random(String prefix) {
    byte[] b = new byte[9];
    RANDOM.nextBytes(b);
    return prefix + "-" + HexFormat.of().formatHex(b);
  }
}
