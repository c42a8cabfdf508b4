package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hosts[].caCertificate: the bot trusts an agent's self-signed certificate from a PEM file. */
final class AgentTrustTest {

  @TempDir Path dir;

  private void keytool(String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
  }

  @Test
  void pemCertificate_becomesATrustContext() throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        "agent",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=web01",
        "-storetype",
        "PKCS12",
        "-keystore",
        "a.p12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "agent",
        "-keystore",
        "a.p12",
        "-storepass",
        "changeit",
        "-file",
        "agent.crt");

    assertThat(Assembly.trusting("web01", dir.resolve("agent.crt")).getProtocol()).isEqualTo("TLS");
  }

  @Test
  void fileWithoutACertificate_isNamedInTheError() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.crt"), "");

    assertThatThrownBy(() -> Assembly.trusting("web01", empty))
        .hasMessageContaining("hosts.web01.caCertificate");
    assertThatThrownBy(() -> Assembly.trusting("web01", dir.resolve("missing.crt")))
        .hasMessageContaining("cannot read");
  }
}
