package io.iisbot.bot.confirm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs confirmation tokens with the bot's secret so that any bot replica can check a click without
 * shared memory: {@code base64url(json) + "." + base64url(HMAC-SHA256)}. A forged, altered or
 * expired token is refused. Thread-safe.
 */
public final class TokenSigner {

  /** Why a token was refused; the message is written for the person who clicked. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON =
      JsonMapper.builder().addModule(new JavaTimeModule()).build();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] secret;

  public TokenSigner(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the bot's secret must be at least 32 bytes");
    }
    this.secret = secret.clone();
  }

  public String sign(ConfirmToken token) {
    try {
      String payload = B64.encodeToString(JSON.writeValueAsBytes(token));
      return payload + "." + B64.encodeToString(mac(payload));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a confirmation token", e);
    }
  }

  /**
   * @throws Refused when the token was not made by this bot, was altered, or has expired
   */
  public ConfirmToken verify(String signed, Instant now) {
    int dot = signed == null ? -1 : signed.indexOf('.');
    if (dot <= 0) {
      throw new Refused("this button is not one of iisbot's");
    }
    String payload = signed.substring(0, dot);
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(signed.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw new Refused("this button is not one of iisbot's");
    }
    if (!MessageDigest.isEqual(mac(payload), given)) {
      throw new Refused("this button's token does not check out; start again with the command");
    }
    ConfirmToken t;
    try {
      t = JSON.readValue(Base64.getUrlDecoder().decode(payload), ConfirmToken.class);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new Refused("this button's token cannot be read; start again with the command");
    }
    if (!now.isBefore(t.expiresAt())) {
      throw new Refused(
          "this confirmation expired at " + t.expiresAt() + "; run the command again");
    }
    return t;
  }

  private byte[] mac(String payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(secret, "HmacSHA256"));
      return m.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
