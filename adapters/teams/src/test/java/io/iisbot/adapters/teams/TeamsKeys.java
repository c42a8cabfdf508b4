package io.iisbot.adapters.teams;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Bot Framework's side of Teams' tokens, for tests: RSA key pairs made here, the public halves
 * published as a JWK set (with the {@code endorsements} Microsoft adds), and tokens minted as the
 * Bot Framework mints them, right or wrong in one chosen way. Thread-safe.
 */
public final class TeamsKeys {

  public static final String ISSUER = "https://api.botframework.com";

  /** What a minted token gets wrong, if anything. */
  public enum Flaw {
    NONE,
    /** Signed by a key that is not published, under a published key's id. */
    WRONG_SIGNATURE,
    /** Signed by a key whose id is not published, and never will be. */
    UNKNOWN_KID,
    WRONG_AUDIENCE,
    WRONG_ISSUER,
    /** Expired more than the 5 minutes of skew ago. */
    EXPIRED,
    /** Not valid for more than the 5 minutes of skew yet. */
    NOT_YET_VALID,
    /** Signed HS256 with a published key's id: not RS256. */
    WRONG_ALGORITHM
  }

  private final Clock clock;
  private final List<RSAKey> published = new CopyOnWriteArrayList<>();
  private volatile RSAKey signing;
  private int made;

  public TeamsKeys(Clock clock) {
    this.clock = clock;
    this.signing = make();
    published.add(signing);
  }

  /** Keys made so far in this JVM: making a 2048-bit key takes a while, so tests share them. */
  private static final List<RSAKey> MADE = new ArrayList<>();

  private static RSAKey pooled(int n) {
    synchronized (MADE) {
      while (MADE.size() <= n) {
        try {
          MADE.add(new RSAKeyGenerator(2048).keyID("test-key-" + (MADE.size() + 1)).generate());
        } catch (JOSEException e) {
          throw new IllegalStateException(e);
        }
      }
      return MADE.get(n);
    }
  }

  /** The next key this instance has not used yet. */
  private synchronized RSAKey make() {
    return pooled(made++);
  }

  /**
   * Makes a new key and signs with it from now on; it is published only when {@code publish} (a
   * rotation the bot must find by fetching the keys again), or later by {@link #publishAll}.
   */
  public synchronized String rotate(boolean publish) {
    signing = make();
    if (publish) {
      published.add(signing);
    }
    return signing.getKeyID();
  }

  /** Publishes the signing key too. */
  public void publishAll() {
    if (!published.contains(signing)) {
      published.add(signing);
    }
  }

  /** The published keys as a JWK set's JSON object, each endorsing {@code msteams}. */
  public Map<String, Object> jwks() {
    List<Object> keys = new ArrayList<>();
    for (RSAKey k : published) {
      Map<String, Object> j = new java.util.LinkedHashMap<>(k.toPublicJWK().toJSONObject());
      j.put("use", "sig");
      j.put("endorsements", List.of("msteams"));
      keys.add(j);
    }
    return Map.of("keys", keys);
  }

  /** A token as the Bot Framework sends it to the bot {@code appId} for {@code serviceUrl}. */
  public String token(String appId, String serviceUrl) {
    return token(appId, serviceUrl, Flaw.NONE);
  }

  /** A token with one flaw. */
  public String token(String appId, String serviceUrl, Flaw flaw) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder c =
        new JWTClaimsSet.Builder()
            .issuer(flaw == Flaw.WRONG_ISSUER ? "https://sts.windows.net/evil/" : ISSUER)
            .audience(flaw == Flaw.WRONG_AUDIENCE ? "00000000-0000-0000-0000-0000000000ff" : appId)
            .notBeforeTime(Date.from(now.minusSeconds(60)))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(60))))
            .claim("serviceurl", serviceUrl);
    if (flaw == Flaw.EXPIRED) {
      c.notBeforeTime(Date.from(now.minus(Duration.ofHours(2))))
          .expirationTime(Date.from(now.minus(Duration.ofMinutes(6))));
    }
    if (flaw == Flaw.NOT_YET_VALID) {
      c.notBeforeTime(Date.from(now.plus(Duration.ofMinutes(6))));
    }
    RSAKey key = signing;
    String kid = key.getKeyID();
    if (flaw == Flaw.WRONG_SIGNATURE) {
      key = make();
    }
    if (flaw == Flaw.UNKNOWN_KID) {
      key = make();
      kid = "never-published-" + key.getKeyID();
    }
    try {
      if (flaw == Flaw.WRONG_ALGORITHM) {
        SignedJWT hs =
            new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), c.build());
        hs.sign(new com.nimbusds.jose.crypto.MACSigner(new byte[32]));
        return hs.serialize();
      }
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
              c.build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every published key's id. */
  public List<String> publishedIds() {
    return published.stream().map(JWK::getKeyID).toList();
  }
}
