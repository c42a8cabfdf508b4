package io.iisbot.adapters.discord;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Discord's side of HTTP-mode interactions: an application's Ed25519 key pair, which signs request
 * bodies as Discord does ({@code X-Signature-Ed25519} = hex of the signature over {@code timestamp
 * + body}, {@code X-Signature-Timestamp} = epoch seconds), and posts them. Give the adapter {@link
 * #publicKeyHex()} as the application's public key.
 *
 * <p>The keys come from the JDK ({@code KeyPairGenerator.getInstance("Ed25519")}), not from the
 * code under test. Immutable and thread-safe.
 */
public final class DiscordSigner {

  /** The signature header, hex. */
  public static final String SIGNATURE_HEADER = "X-Signature-Ed25519";

  /** The signed timestamp header, epoch seconds. */
  public static final String TIMESTAMP_HEADER = "X-Signature-Timestamp";

  /** The User-Agent Discord's interaction requests carry. */
  public static final String USER_AGENT = "Discord-Interactions/1.0 (+https://discord.com)";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final HexFormat HEX = HexFormat.of();

  private final KeyPair keys;
  private final Clock clock;

  /** A new random key pair; {@link #postTo} signs with the system clock's time. */
  public DiscordSigner() {
    this(Clock.systemUTC());
  }

  /** A new random key pair; {@link #postTo} signs with the clock's time. */
  public DiscordSigner(Clock clock) {
    this(generate(new SecureRandom()), clock);
  }

  private DiscordSigner(KeyPair keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * The key pair whose 32-byte secret key (RFC 8032's "secret key", the seed) is given, to
   * reproduce published vectors.
   *
   * @throws IllegalArgumentException if the seed is not 64 hex digits
   */
  public static DiscordSigner fromSeed(String seedHex, Clock clock) {
    byte[] seed = HEX.parseHex(seedHex);
    if (seed.length != 32) {
      throw new IllegalArgumentException(
          "an Ed25519 seed is 32 bytes (64 hex digits), was " + seed.length + " bytes");
    }
    // The JDK makes an Ed25519 private key from 32 random bytes: hand it the seed as those.
    SecureRandom fixed =
        new SecureRandom() {
          @Override
          public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
          }
        };
    return new DiscordSigner(generate(fixed), clock);
  }

  private static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** The raw 32-byte public key in lower-case hex, as the Developer Portal shows it. */
  public String publicKeyHex() {
    byte[] x509 = keys.getPublic().getEncoded();
    // X.509 SubjectPublicKeyInfo is a fixed 12-byte prefix, then the raw key.
    return HEX.formatHex(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
  }

  /** The signature over {@code timestamp + body} (UTF-8), in lower-case hex. */
  public String signatureHex(String timestamp, String body) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(keys.getPrivate());
      signer.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing with Ed25519 failed", e);
    }
  }

  /**
   * The signature headers for the body: {@value #SIGNATURE_HEADER} and {@value #TIMESTAMP_HEADER},
   * in that order, in an unmodifiable map.
   */
  public Map<String, String> sign(String timestamp, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(SIGNATURE_HEADER, signatureHex(timestamp, body));
    headers.put(TIMESTAMP_HEADER, timestamp);
    return Collections.unmodifiableMap(headers);
  }

  /**
   * POSTs the body as Discord does: JSON, Discord's User-Agent, signed now by the clock.
   *
   * @throws IOException if the request fails
   * @throws InterruptedException if interrupted while waiting for the answer
   */
  public HttpResponse<String> postTo(URI url, String body)
      throws IOException, InterruptedException {
    return post(url, body, sign(String.valueOf(clock.instant().getEpochSecond()), body));
  }

  /**
   * POSTs the body with the given signature headers (say, a tampered or stale set) besides
   * Discord's Content-Type and User-Agent.
   *
   * @throws IOException if the request fails
   * @throws InterruptedException if interrupted while waiting for the answer
   */
  public static HttpResponse<String> post(URI url, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("Content-Type", "application/json")
            .header("User-Agent", USER_AGENT);
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
