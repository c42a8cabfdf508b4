package io.iisbot.iis.agent;

import java.nio.charset.StandardCharsets;

/**
 * One request signed by hand (with openssl, not with this code), checked by both ends: the signer
 * ({@link AgentAuth}, the client's {@code SignedHttp}) must produce it and the agent's verifier
 * must accept it. Changing the protocol on one end only breaks one of them.
 *
 * <pre>
 * printf '%s\n%s\n%s\n%s\n%s\n%s\n%s' web02 POST /v1/operations trace=1 1767603600 \
 *   c2FtcGxlLW5vbmNlLTAwMDAx "$(printf '%s' "$BODY" | openssl dgst -sha256 -hex | sed 's/^.* //')" \
 *   | openssl dgst -sha256 -hmac "$SECRET" -hex
 * </pre>
 */
public final class AuthVector {

  public static final String KEY_ID = "bot-prod";
  public static final byte[] SECRET =
      "5f1c9a0e7b3d42c8a6e19f0b2d7c4e8a9b1f3c5d7e9a0b2c4d6e8f0a1b3c5d7e"
          .getBytes(StandardCharsets.US_ASCII);

  /** As the bot's configuration may spell it; signed in lower case. */
  public static final String AGENT = "WEB02";

  public static final String METHOD = "POST";
  public static final String PATH = "/v1/operations";
  public static final String QUERY = "trace=1";
  public static final long TS = 1_767_603_600L; // 2026-01-05T09:00:00Z
  public static final String NONCE = "c2FtcGxlLW5vbmNlLTAwMDAx";
  public static final byte[] BODY =
      "{\"id\":\"op-20260105-0001\",\"action\":\"recycle\",\"scope\":\"pool:Api\",\"requestedBy\":\"me\"}"
          .getBytes(StandardCharsets.UTF_8);

  public static final String CANONICAL =
      "web02\nPOST\n/v1/operations\ntrace=1\n1767603600\nc2FtcGxlLW5vbmNlLTAwMDAx\n"
          + "83edfb3837e7a218639d853c87215499fc01ecd8e769bae659eb7de38d9917c7";

  public static final String SIGNATURE =
      "8808b31eb2fec8e3ddbce95d33b87d4ea6597fbbd36f932e7324873a9b484c37";

  public static final String HEADER =
      "IISBOT-HMAC-SHA256 key=bot-prod, ts=1767603600, nonce=c2FtcGxlLW5vbmNlLTAwMDAx, sig="
          + SIGNATURE;

  private AuthVector() {}
}
