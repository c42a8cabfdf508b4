package io.iisbot.adapters.chat;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A platform-qualified id, never a display name: {@code slack:U024BE7LH}, {@code
 * slack-group:S0614TZR7}, {@code discord:80351110224678912}, {@code discord-role:...}, {@code
 * console:alice}, {@code teams-channel:19:…@thread.tacv2}. The kind ends at the first colon; the id
 * may hold more (Teams' team and channel ids do).
 */
public record Identity(String kind, String id) {

  private static final Pattern KIND = Pattern.compile("[a-z][a-z-]{0,31}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");

  public Identity {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    if (!KIND.matcher(kind).matches() || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not an identity: " + kind + ":" + id);
    }
  }

  /** Parses {@code kind:id}. */
  public static Identity parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "not an identity: \"" + text + "\" (kind:id, e.g. slack:U024BE7LH)");
    }
    return new Identity(text.substring(0, colon), text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return kind + ":" + id;
  }
}
