package io.iisbot.iis.agent;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The agent's request signature, so that any client can interoperate:
 *
 * <pre>
 * Authorization: IISBOT-HMAC-SHA256 key=&lt;keyId&gt;, ts=&lt;unix seconds&gt;, nonce=&lt;16-64 url-safe chars&gt;, sig=&lt;hex&gt;
 * sig = lowercase hex of HMAC-SHA256(secret,
 *         AGENT + "\n" + METHOD + "\n" + PATH + "\n" + QUERY + "\n" + ts + "\n" + nonce + "\n" + hex(sha256(body)))
 * </pre>
 *
 * AGENT is the name of the agent the request is meant for, in lower case: the host name the agent
 * serves ({@code host:} in its configuration, or the simulated host's name) and the bot's {@code
 * hosts[].name}; a request signed for {@code web01} fails on {@code web02} even where both share a
 * key. PATH is the raw path, QUERY the raw query string without {@code ?} (empty when none), body
 * the exact bytes sent (empty for GET).
 *
 * <p>The agent refuses, with one and the same 401 whatever the reason, a request with a missing or
 * malformed header, an unknown key, a {@code ts} more than 300 s from its clock either way or a bad
 * signature. A correctly signed request it may have seen before (a nonce it remembers, or a {@code
 * ts} from before the agent last started, whose nonces it no longer remembers) gets 401 {@code
 * replayed}: only a holder of the key (or of the captured request) can get that answer, and a
 * client that did not replay anything knows its answer was lost and signs afresh.
 *
 * <p>Stateless and thread-safe.
 */
public final class AgentAuth {

  public static final String SCHEME = "IISBOT-HMAC-SHA256";

  /**
   * Secrets shorter than this are refused: HMAC-SHA256 wants a key as long as its output. Length is
   * not enough, though: {@link SecretStrength} also refuses secrets that repeat themselves.
   */
  public static final int MIN_SECRET_BYTES = SecretStrength.MIN_BYTES;

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private static final Pattern TS = Pattern.compile("\\d{1,12}");
  private static final Pattern SIG = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.util.List<String> FIELDS =
      java.util.List.of("key", "ts", "nonce", "sig");

  private AgentAuth() {}

  /** The parsed {@code Authorization} header. */
  public record Credentials(String keyId, long ts, String nonce, String sig) {}

  /**
   * Why a request was refused. The message is the precise reason, for the agent's log; the caller
   * gets only {@link #code()} and a fixed message, so that nobody without the key learns which
   * check failed (or the agent's clock).
   */
  public static final class AuthException extends RuntimeException {
    private final String code;

    public AuthException(String reason) {
      this("unauthorized", reason);
    }

    /**
     * @param code the error code the agent answers with: {@code unauthorized}, or {@code replayed}
     *     for a correctly signed request the agent may have seen before (which a client may treat
     *     as its own lost request)
     */
    public AuthException(String code, String reason) {
      super(reason, null, false, false);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * The string that is signed.
   *
   * @param agent the name of the agent the request is for; signed in lower case
   */
  public static String canonical(
      String agent, String method, String path, String query, long ts, String nonce, byte[] body) {
    return agentName(agent)
        + "\n"
        + method.toUpperCase(java.util.Locale.ROOT)
        + "\n"
        + path
        + "\n"
        + (query == null ? "" : query)
        + "\n"
        + ts
        + "\n"
        + nonce
        + "\n"
        + sha256Hex(body == null ? new byte[0] : body);
  }

  /**
   * An agent's name as it is signed: lower case, as host names compare.
   *
   * @throws IllegalArgumentException when blank or holding a line break
   */
  public static String agentName(String name) {
    if (name == null || name.isBlank() || name.contains("\n") || name.contains("\r")) {
      throw new IllegalArgumentException(
          "an agent's name is its host name, e.g. web01; was "
              + (name == null ? "nothing" : "\"" + printable(name) + "\""));
    }
    return name.strip().toLowerCase(java.util.Locale.ROOT);
  }

  /** Lowercase hex HMAC-SHA256 of {@code canonical} with {@code secret}. */
  public static String signature(byte[] secret, String canonical) {
    try {
      Mac mac = HMAC.get();
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 refused the key", e);
    }
  }

  /** A complete {@code Authorization} header value for one request to the agent {@code agent}. */
  public static String header(
      String keyId,
      byte[] secret,
      String agent,
      String method,
      String path,
      String query,
      long ts,
      String nonce,
      byte[] body) {
    String sig = signature(secret, canonical(agent, method, path, query, ts, nonce, body));
    return SCHEME + " key=" + keyId + ", ts=" + ts + ", nonce=" + nonce + ", sig=" + sig;
  }

  /** A fresh nonce: 24 random bytes, base64url without padding (32 characters). */
  public static String newNonce() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * Parses an {@code Authorization} header.
   *
   * @throws AuthException naming (for the agent's log) what is missing or malformed
   */
  public static Credentials parse(String header) {
    if (header == null || header.isBlank()) {
      throw new AuthException("missing Authorization header");
    }
    String h = header.strip();
    if (!h.regionMatches(false, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
      throw new AuthException("Authorization must use the " + SCHEME + " scheme");
    }
    Map<String, String> fields = new HashMap<>();
    for (String part : h.substring(SCHEME.length() + 1).split(",")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new AuthException("malformed Authorization field \"" + printable(p) + "\"");
      }
      String name = p.substring(0, eq);
      if (!FIELDS.contains(name) || fields.put(name, p.substring(eq + 1)) != null) {
        throw new AuthException(
            "unexpected or repeated Authorization field \"" + printable(name) + "\"");
      }
    }
    for (String name : FIELDS) {
      if (!fields.containsKey(name)) {
        throw new AuthException("Authorization lacks " + name + "=");
      }
    }
    require(KEY_ID, fields.get("key"), "key");
    require(TS, fields.get("ts"), "ts");
    require(NONCE, fields.get("nonce"), "nonce (16-64 of A-Z a-z 0-9 _ -)");
    require(SIG, fields.get("sig"), "sig (64 lowercase hex digits)");
    return new Credentials(
        fields.get("key"),
        Long.parseLong(fields.get("ts")),
        fields.get("nonce"),
        fields.get("sig"));
  }

  /** Compares signatures in constant time. */
  public static boolean matches(String expectedHex, String givenHex) {
    return MessageDigest.isEqual(
        expectedHex.getBytes(StandardCharsets.US_ASCII),
        givenHex.getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether {@code id} is a usable key id. */
  public static boolean isKeyId(String id) {
    return id != null && KEY_ID.matcher(id).matches();
  }

  static String sha256Hex(byte[] body) {
    return HexFormat.of().formatHex(SHA256.get().digest(body));
  }

  /**
   * One HMAC and one digest per thread: looking the algorithm up among the providers costs more
   * than computing it for a request this size. Each use starts afresh ({@code init}, {@code
   * digest}).
   */
  private static final ThreadLocal<Mac> HMAC =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
          });

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is not available", e);
            }
          });

  private static void require(Pattern p, String value, String what) {
    if (!p.matcher(value).matches()) {
      throw new AuthException("malformed " + what + " in Authorization");
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
