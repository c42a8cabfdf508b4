package io.iisbot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in configuration values from the
 * environment. {@code $$} stands for one {@code $}. As in the shell, the default is used when the
 * variable is unset or empty.
 */
final class Env {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Env() {}

  /**
   * @return the text with every reference replaced
   * @throws IllegalArgumentException naming every unset variable, or the malformed reference
   */
  static String substitute(String text, Map<String, String> env) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    List<String> missing = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (c == '$' && next == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && next == '{') {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw new IllegalArgumentException(
              "unclosed reference \""
                  + text.substring(i)
                  + "\" (write ${NAME} or ${NAME:-default})");
        }
        String inner = text.substring(i + 2, end);
        int colon = inner.indexOf(":-");
        String name = colon < 0 ? inner : inner.substring(0, colon);
        if (!NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(
              "not a variable name: \"${" + inner + "}\" (write ${NAME} or ${NAME:-default})");
        }
        String value = env.get(name);
        if (colon >= 0 && (value == null || value.isEmpty())) {
          out.append(inner, colon + 2, inner.length());
        } else if (value == null) {
          missing.add(name);
        } else {
          out.append(value);
        }
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    if (missing.size() == 1) {
      throw new IllegalArgumentException("environment variable " + missing.get(0) + " is not set");
    } else if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "environment variables " + String.join(", ", missing) + " are not set");
    }
    return out.toString();
  }
}
