package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.iisbot.iis.Sleeper;
import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from PEM files made by openssl, as an operator would make them. */
final class TlsTest {

  @TempDir Path dir;

  private boolean openssl(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void agentServesHttps_fromPemCertificateAndPkcs8Key() throws Exception {
    assumeTrue(
        openssl(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "agent.key",
            "-out",
            "agent.crt",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost"),
        "openssl is not installed");
    VirtualClock clock = VirtualClock.standard();
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes();
    try (Agent agent =
        Agent.start(
            new Agent.Settings(
                SimulatedIisHost.of("healthy", clock),
                "simulated",
                clock,
                Sleeper.system(),
                Map.of("k", secret),
                AllowList.everything(),
                "127.0.0.1",
                0,
                new Tls.Files(dir.resolve("agent.crt"), dir.resolve("agent.key")),
                Duration.ofHours(1),
                EngineSettings.defaults()))) {
      HttpClient client =
          HttpClient.newBuilder().sslContext(trusting(dir.resolve("agent.crt"))).build();
      String auth =
          AgentAuth.header(
              "k",
              secret,
              agent.name(),
              "GET",
              "/v1/health",
              "",
              clock.millis() / 1000,
              AgentAuth.newNonce(),
              new byte[0]);

      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(agent.uri() + "/v1/health"))
                  .header("Authorization", auth)
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(agent.uri().getScheme()).isEqualTo("https");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"status\":\"ok\"");
    }
  }

  @Test
  void pkcs1Key_isRefusedWithTheConversionCommand() throws Exception {
    assumeTrue(
        openssl("genrsa", "-traditional", "-out", "old.key", "2048")
            || openssl("genrsa", "-out", "old.key", "2048"),
        "openssl is not installed");
    assumeTrue(
        Files.readString(dir.resolve("old.key")).contains("BEGIN RSA PRIVATE KEY"),
        "this openssl writes PKCS#8 already");

    assertThatThrownBy(() -> Tls.privateKey(dir.resolve("old.key")))
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void missingFiles_andWrongContent_areNamed() throws Exception {
    Path notPem = Files.writeString(dir.resolve("x.crt"), "hello");

    assertThatThrownBy(() -> Tls.certificates(dir.resolve("nope.crt")))
        .hasMessageContaining("cannot read");
    assertThatThrownBy(() -> Tls.certificates(notPem))
        .hasMessageContaining("no BEGIN CERTIFICATE block");
  }

  private static SSLContext trusting(Path certificate) throws Exception {
    try (FileInputStream in = new FileInputStream(certificate.toFile())) {
      return TestCertificates.trusting(
          CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
  }
}
