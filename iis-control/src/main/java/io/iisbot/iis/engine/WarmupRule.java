package io.iisbot.iis.engine;

import io.iisbot.iis.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How one site is warmed up after a start, resume or recycle: which URL on the host itself is
 * requested, what answer counts as warm, and for how long to keep asking.
 *
 * @param site the site's name, case-insensitive
 * @param path the path requested on the site's first http binding (e.g. {@code /health}); null when
 *     {@code url} is given, else {@code /}
 * @param url an absolute {@code http} URL instead of the binding, e.g. {@code
 *     http://localhost:8080/health}; only loopback hosts ({@code localhost}, {@code 127.x.x.x},
 *     {@code [::1]}) are accepted: the agent never becomes a way to reach other machines
 * @param expect the status that counts as warm; null means any status below 500
 * @param within how long to keep asking before the warm-up, and the operation, fails
 */
public record WarmupRule(String site, String path, URI url, Integer expect, Duration within) {

  /** The longest a warm-up may be given. */
  public static final Duration MAX_WITHIN = Duration.ofMinutes(30);

  /** The deadline when none is configured. */
  public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(60);

  /**
   * @throws IllegalArgumentException with the bad value in the message
   */
  public WarmupRule {
    if (site == null || site.isBlank()) {
      throw new IllegalArgumentException("site: the site's name is needed");
    }
    if (url != null && path != null) {
      throw new IllegalArgumentException("url: give path or url, not both");
    }
    if (url != null) {
      requireLoopback(url);
    } else {
      path = path == null ? "/" : path;
      if (!path.startsWith("/") || path.startsWith("//") || path.chars().anyMatch(c -> c <= ' ')) {
        throw new IllegalArgumentException(
            "path: must start with one / and hold no spaces, was \"" + path + "\"");
      }
    }
    if (expect != null && (expect < 100 || expect > 599)) {
      throw new IllegalArgumentException("expect: an HTTP status 100 to 599, was " + expect);
    }
    within = within == null ? DEFAULT_WITHIN : within;
    if (within.compareTo(Duration.ofSeconds(1)) < 0 || within.compareTo(MAX_WITHIN) > 0) {
      throw new IllegalArgumentException(
          "within: 1s to " + Durations.format(MAX_WITHIN) + ", was " + Durations.format(within));
    }
  }

  /** The rule used for a site nobody configured: its first http binding, any answer below 500. */
  public static WarmupRule standard(String site, Duration within) {
    return new WarmupRule(site, "/", null, null, within);
  }

  /** What counts as warm, for messages: "200" or "below 500". */
  public String expectation() {
    return expect == null ? "a status below 500" : Integer.toString(expect);
  }

  boolean accepts(int status) {
    return expect == null ? status < 500 : status == expect;
  }

  /**
   * Refuses any URL that is not plain http on the host itself. Names are not resolved (a name could
   * resolve anywhere); only {@code localhost} and loopback literals pass.
   */
  static void requireLoopback(URI url) {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw new IllegalArgumentException(
          "url: only http:// URLs on this host can be warmed up, was " + url);
    }
    if (!isLoopbackName(url.getHost())) {
      throw new IllegalArgumentException(
          "url: "
              + url
              + " is not on this host; a warm-up may only request localhost, 127.0.0.1 or [::1]"
              + " (the agent never reaches other machines)");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("url: no user info in a warm-up URL, was " + url);
    }
  }

  static boolean isLoopbackName(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("[::1]") || h.equals("::1")) {
      return true;
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
