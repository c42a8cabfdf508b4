package io.iisbot.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The rules for single values, shared by the loader (which reports them with the key path) and the
 * records' constructors (which throw). Each check returns the problem, or {@code null} when the
 * value is fine.
 */
final class Checks {

  /** A GUID as Microsoft writes them (app, tenant and user object ids). */
  static final String GUID_TEXT =
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

  /** A Teams team or channel id: {@code 19:…@thread.tacv2} (older ones {@code @thread.skype}). */
  static final String TEAMS_THREAD_TEXT = "19:[A-Za-z0-9._-]{1,100}@thread\\.[a-z0-9]{1,20}";

  static final Pattern GUID = Pattern.compile(GUID_TEXT);
  static final Pattern TEAMS_CONVERSATION = Pattern.compile(TEAMS_THREAD_TEXT);

  static final Pattern HOST_NAME = Pattern.compile("[a-z0-9-]{1,63}");
  static final Pattern GROUP_NAME = Pattern.compile("[a-z0-9-]{1,63}");
  static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  static final Pattern IDENTITY =
      Pattern.compile(
          "slack:[UW][A-Z0-9]{2,20}|slack-group:S[A-Z0-9]{2,20}"
              + "|discord:[0-9]{1,20}|discord-role:[0-9]{1,20}|console:[A-Za-z0-9._-]{1,64}"
              + "|teams:"
              + GUID_TEXT
              + "|teams-team:"
              + TEAMS_THREAD_TEXT
              + "|teams-channel:"
              + TEAMS_THREAD_TEXT
              + "|person:[a-z0-9-]{1,63}");

  /** A person's own accounts: users, never groups, roles or other people. */
  static final Pattern USER_IDENTITY =
      Pattern.compile(
          "slack:[UW][A-Z0-9]{2,20}|discord:[0-9]{1,20}|console:[A-Za-z0-9._-]{1,64}|teams:"
              + GUID_TEXT);

  static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");
  static final Pattern SLACK_CHANNEL = Pattern.compile("[CGD][A-Z0-9]{2,20}");
  static final Pattern SLACK_COMMAND = Pattern.compile("/[a-z0-9_-]{1,31}");
  static final Pattern ED25519_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private Checks() {}

  static String hostName(String s) {
    return HOST_NAME.matcher(s).matches() ? null : "must be 1-63 of a-z 0-9 -, was " + quote(s);
  }

  static String groupName(String s) {
    return GROUP_NAME.matcher(s).matches() ? null : "must be 1-63 of a-z 0-9 -, was " + quote(s);
  }

  static String keyId(String s) {
    return KEY_ID.matcher(s).matches()
        ? null
        : "must be 1-64 of A-Z a-z 0-9 . _ -, was " + quote(s);
  }

  static String identity(String s) {
    return IDENTITY.matcher(s).matches()
        ? null
        : "not an identity: "
            + quote(s)
            + " (use slack:U…, slack-group:S…, discord:<id>, discord-role:<id>, console:<name>,"
            + " teams:<user object id>, teams-team:19:…@thread.tacv2, teams-channel:19:…"
            + " or person:<name>)";
  }

  static String userIdentity(String s) {
    return USER_IDENTITY.matcher(s).matches()
        ? null
        : "not a person's account: "
            + quote(s)
            + " (use slack:U…, discord:<id>, teams:<user object id> or console:<name>; groups and"
            + " roles are not people)";
  }

  /** The URL of an agent: {@code https://host:port}, nothing after the port but an optional /. */
  static String agentUrl(String s) {
    URI u = httpUri(s);
    if (u == null) {
      return "not a URL: " + quote(s);
    }
    if (u.getPort() < 0) {
      return "needs a port, such as " + u.getScheme() + "://" + u.getHost() + ":9701";
    }
    if (u.getPort() == 0 || u.getPort() > 65535) {
      return "the port must be 1 to 65535, was " + u.getPort();
    }
    if ((u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))
        || u.getRawQuery() != null
        || u.getRawFragment() != null) {
      return "must be only scheme, host and port, was " + quote(s);
    }
    return null;
  }

  /** Any http(s) URL with a host: public URL, platform API base URLs. */
  static String httpUrl(String s) {
    return httpUri(s) == null ? "not an http(s) URL: " + quote(s) : null;
  }

  private static URI httpUri(String s) {
    try {
      URI u = new URI(s.strip());
      String scheme = u.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || u.getHost() == null
          || u.getRawUserInfo() != null) {
        return null;
      }
      return u;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  static String quote(String s) {
    return s == null ? "nothing" : "\"" + s + "\"";
  }

  /** For constructors: throws when the check found a problem. */
  static void require(String field, String problem) {
    if (problem != null) {
      throw new IllegalArgumentException(field + ": " + problem);
    }
  }
}
