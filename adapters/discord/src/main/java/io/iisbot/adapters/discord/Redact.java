package io.iisbot.adapters.discord;

import java.util.regex.Pattern;

/**
 * Takes Discord credentials out of text before it is logged or put in an exception: an interaction
 * token is a credential for its webhook for 15 minutes (edit or delete the bot's answer, post as
 * the bot in that channel), and the bot token for everything. Every log line the adapter writes
 * about a request goes through {@link #text}. Stateless.
 */
final class Redact {

  /** What stands where a secret was. */
  static final String HIDDEN = "<redacted>";

  /** {@code webhooks/{application}/{token}}: every interaction webhook URL. */
  private static final Pattern WEBHOOK = Pattern.compile("(webhooks/[0-9]+/)[^/?#\\s\"']+");

  /** {@code interactions/{id}/{token}/callback}: the initial response. */
  private static final Pattern CALLBACK = Pattern.compile("(interactions/[0-9]+/)[^/?#\\s\"']+");

  /** A JSON {@code "token": "..."} member, as in an interaction's body. */
  private static final Pattern TOKEN_MEMBER =
      Pattern.compile("(\"token\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*");

  /** {@code Authorization: Bot ...} and {@code Bearer ...}. */
  private static final Pattern AUTHORIZATION =
      Pattern.compile("(?i)(\\b(?:Bot|Bearer)\\s+)[A-Za-z0-9._~+/=-]{8,}");

  /** A bot token's shape: three base64url parts, the first the bot's id. */
  private static final Pattern BOT_TOKEN =
      Pattern.compile("[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{20,}");

  private Redact() {}

  /** The text with every token it holds replaced by {@link #HIDDEN}; null stays null. */
  static String text(String text) {
    if (text == null) {
      return null;
    }
    String out = WEBHOOK.matcher(text).replaceAll("$1" + HIDDEN);
    out = CALLBACK.matcher(out).replaceAll("$1" + HIDDEN);
    out = TOKEN_MEMBER.matcher(out).replaceAll("$1" + HIDDEN);
    out = AUTHORIZATION.matcher(out).replaceAll("$1" + HIDDEN);
    return BOT_TOKEN.matcher(out).replaceAll(HIDDEN);
  }
}
