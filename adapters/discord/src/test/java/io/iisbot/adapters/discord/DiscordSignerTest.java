package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link DiscordSigner} signs as RFC 8032 says, and as a verifier that follows Discord's rules
 * (Ed25519 over {@code timestamp + body}, raw hex key behind the X.509 prefix) accepts.
 */
final class DiscordSignerTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_732_000_000L), ZoneOffset.UTC);
  private static final String BODY = "{\"type\":1,\"id\":\"1\",\"token\":\"t\",\"version\":1}";

  @Test
  void fromSeed_reproducesRfc8032Vectors() {
    JsonNode cases = ChatFixtures.json("crypto/rfc8032-ed25519-vectors.json").path("cases");
    // TEST 3's message (af82) is not UTF-8 text, which is all the signer takes.
    for (JsonNode c : new JsonNode[] {cases.get(0), cases.get(1)}) {
      DiscordSigner signer = DiscordSigner.fromSeed(c.path("secret_key").asText(), CLOCK);
      String message = new String(HEX.parseHex(c.path("message").asText()), StandardCharsets.UTF_8);
      assertThat(signer.publicKeyHex())
          .as(c.path("name").asText())
          .isEqualTo(c.path("public_key").asText());
      assertThat(signer.signatureHex("", message)).isEqualTo(c.path("signature").asText());
    }
  }

  @Test
  void fromSeed_ofAWrongLength_isRefused() {
    assertThatThrownBy(() -> DiscordSigner.fromSeed("abcd", CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an Ed25519 seed is 32 bytes (64 hex digits), was 2 bytes");
  }

  @Test
  void publicKeyHex_isA32ByteKey_newForEachSigner() {
    String key = new DiscordSigner().publicKeyHex();
    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(new DiscordSigner().publicKeyHex()).isNotEqualTo(key);
  }

  @Test
  void sign_givesDiscordsHeaders_whichVerifyOverTimestampAndBody() throws Exception {
    DiscordSigner signer = new DiscordSigner(CLOCK);
    Map<String, String> headers = signer.sign("1732000000", BODY);

    assertThat(headers.keySet()).containsExactly("X-Signature-Ed25519", "X-Signature-Timestamp");
    assertThat(headers.get("X-Signature-Timestamp")).isEqualTo("1732000000");
    String signature = headers.get("X-Signature-Ed25519");
    assertThat(signature).matches("[0-9a-f]{128}");
    assertThat(verifies(signer.publicKeyHex(), signature, "1732000000" + BODY)).isTrue();
    assertThat(verifies(signer.publicKeyHex(), signature, "1732000001" + BODY)).isFalse();
    assertThat(verifies(signer.publicKeyHex(), signature, "1732000000" + BODY + " ")).isFalse();
    assertThat(verifies(new DiscordSigner().publicKeyHex(), signature, "1732000000" + BODY))
        .isFalse();
  }

  @Test
  void postTo_sendsTheBodySignedAtTheClocksSecond() throws Exception {
    DiscordSigner signer = new DiscordSigner(CLOCK);
    CompletableFuture<Map<String, String>> received = new CompletableFuture<>();
    Javalin server =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.jetty.host = "127.0.0.1";
                  cfg.jetty.port = 0;
                  cfg.routes.post(
                      "/interactions",
                      ctx -> {
                        received.complete(
                            Map.of(
                                "body", ctx.body(),
                                "signature", ctx.header("X-Signature-Ed25519"),
                                "timestamp", ctx.header("X-Signature-Timestamp"),
                                "type", ctx.header("Content-Type"),
                                "agent", ctx.header("User-Agent")));
                        ctx.json(Map.of("type", 1));
                      });
                })
            .start();
    try {
      HttpResponse<String> answer =
          signer.postTo(URI.create("http://127.0.0.1:" + server.port() + "/interactions"), BODY);

      assertThat(answer.statusCode()).isEqualTo(200);
      Map<String, String> got = received.get(5, TimeUnit.SECONDS);
      assertThat(got.get("body")).isEqualTo(BODY);
      assertThat(got.get("timestamp")).isEqualTo("1732000000");
      assertThat(got.get("type")).isEqualTo("application/json");
      assertThat(got.get("agent")).isEqualTo(DiscordSigner.USER_AGENT);
      assertThat(verifies(signer.publicKeyHex(), got.get("signature"), "1732000000" + BODY))
          .isTrue();
    } finally {
      server.stop();
    }
  }

  /** Verifies as the adapter must: the raw key wrapped in X.509, Ed25519 over the bytes. */
  private static boolean verifies(String publicKeyHex, String signatureHex, String signed)
      throws Exception {
    byte[] x509 = HEX.parseHex("302a300506032b6570032100" + publicKeyHex);
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(signed.getBytes(StandardCharsets.UTF_8));
    return verifier.verify(HEX.parseHex(signatureHex));
  }
}
