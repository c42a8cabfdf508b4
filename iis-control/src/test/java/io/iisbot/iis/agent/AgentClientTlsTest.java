package io.iisbot.iis.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.agent.server.AgentFixture;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.agent.server.Tls;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An agent on HTTPS with a self-signed certificate: trusted through the builder's SSLContext. */
final class AgentClientTlsTest {

  private final VirtualClock clock = VirtualClock.standard();
  private final SimulatedIisHost host = SimulatedIisHost.of("healthy", clock);
  private final Agent agent =
      Agent.start(
          new Agent.Settings(
              host,
              "simulated",
              clock,
              clock,
              Map.of(AgentFixture.KEY, AgentFixture.SECRET),
              AllowList.everything(),
              "127.0.0.1",
              0,
              new Tls.Files(resource("agent-tls/agent.crt"), resource("agent-tls/agent.key")),
              Duration.ofHours(1),
              EngineSettings.defaults()));
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void https_certificateTrustedThroughTheSslContext_isServed() throws Exception {
    AgentClient c =
        AgentClient.builder(agent.uri(), AgentFixture.KEY, AgentFixture.SECRET)
            .clock(clock)
            .sslContext(trusting("agent-tls/agent.crt"))
            .build();

    assertThat(agent.uri().getScheme()).isEqualTo("https");
    assertThat(c.health().host()).isEqualTo(host.name());
  }

  @Test
  void https_certificateNotTrusted_isUnreachableSayingSoWithoutRetrying() {
    AgentClient c =
        AgentClient.builder(agent.uri(), AgentFixture.KEY, AgentFixture.SECRET)
            .clock(clock)
            .sleeper(pauses::add)
            .build();

    AgentException.Unreachable e =
        catchThrowableOfType(c::health, AgentException.Unreachable.class);

    assertThat(e.getMessage())
        .isEqualTo(
            "cannot reach the agent at "
                + agent.uri()
                + " (TLS: its certificate is not trusted); does the bot trust the agent's"
                + " certificate, and is it https on that port?");
    assertThat(pauses).isEmpty();
  }

  private static SSLContext trusting(String certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in =
        AgentClientTlsTest.class.getClassLoader().getResourceAsStream(certificate)) {
      trust.setCertificateEntry(
          "agent", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static Path resource(String name) {
    try {
      return Path.of(AgentClientTlsTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
