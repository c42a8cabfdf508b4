package io.iisbot.adapters.teams;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the Bot Framework's token on a request to {@code /teams/messages}, as Microsoft's
 * connector documents it: a {@code Bearer} JWT signed RS256 with a published key ({@link
 * OpenIdKeys}), issued by {@value #ISSUER} for this bot's app id, within its {@code nbf}/{@code
 * exp} give or take {@link #SKEW}. The activity's {@code serviceUrl} and channel are checked
 * against the token afterwards ({@link Verified#problemWith}). Nothing here logs the token.
 * Thread-safe.
 */
final class InboundAuth {

  static final String ISSUER = "https://api.botframework.com";
  static final Duration SKEW = Duration.ofMinutes(5);

  /** Longer than any token the Bot Framework sends; longer ones are not read. */
  static final int MAX_TOKEN_CHARS = 16_384;

  /** Why a request was refused: said in the log, never to the caller. */
  static final class Refused extends Exception {
    Refused(String why) {
      super(why, null, false, false);
    }
  }

  /** A token that passed: what the activity must agree with. */
  record Verified(String serviceUrl, Set<String> endorsements) {

    /** Why the activity does not go with this token, if it does not. */
    Optional<String> problemWith(String activityServiceUrl, String channelId) {
      if (serviceUrl == null || !serviceUrl.equals(activityServiceUrl)) {
        return Optional.of("the activity's serviceUrl is not the token's");
      }
      if (!endorsements.isEmpty() && !endorsements.contains(channelId)) {
        // The channel id is the sender's text: not logged.
        return Optional.of("the signing key does not endorse the activity's channel");
      }
      return Optional.empty();
    }
  }

  private final OpenIdKeys keys;
  private final String appId;
  private final Clock clock;

  InboundAuth(OpenIdKeys keys, String appId, Clock clock) {
    this.keys = keys;
    this.appId = appId;
    this.clock = clock;
  }

  /**
   * @param authorization the request's {@code Authorization} header, null when absent
   * @throws Refused saying why, without the token
   */
  Verified verify(String authorization) throws Refused {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Refused("no Bearer token");
    }
    String token = authorization.substring(7).strip();
    if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      throw new Refused("no usable Bearer token");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException | RuntimeException e) {
      throw new Refused("the token is not a signed JWT");
    }
    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new Refused("the token is not signed RS256");
    }
    String kid = jwt.getHeader().getKeyID();
    if (kid == null || kid.isEmpty() || kid.length() > 256) {
      throw new Refused("the token names no key");
    }
    OpenIdKeys.Key key = keys.key(kid).orElseThrow(() -> new Refused("unknown signing key"));
    try {
      if (!jwt.verify(new RSASSAVerifier(key.rsa()))) {
        throw new Refused("bad signature");
      }
    } catch (JOSEException | RuntimeException e) {
      throw new Refused("the signature cannot be checked");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new Refused("the token's claims cannot be read");
    }
    if (!ISSUER.equals(claims.getIssuer())) {
      throw new Refused("wrong issuer");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(appId)) {
      throw new Refused("wrong audience");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || now.isAfter(exp.toInstant().plus(SKEW))) {
      throw new Refused("expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(SKEW).isBefore(nbf.toInstant())) {
      throw new Refused("not valid yet");
    }
    Object serviceUrl = claims.getClaim("serviceurl");
    if (serviceUrl == null) {
      serviceUrl = claims.getClaim("serviceUrl");
    }
    return new Verified(serviceUrl instanceof String s ? s : null, key.endorsements());
  }
}
