package io.iisbot.iis.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.agent.server.AgentFixture;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.agent.server.TestCertificates;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent on HTTPS with a self-signed certificate: trusted through the builder's SSLContext. */
final class AgentClientTlsTest {

  @TempDir static Path dir;
  private static TestCertificates.TestCertificate certificate;

  private final VirtualClock clock = VirtualClock.standard();
  private final SimulatedIisHost host = SimulatedIisHost.of("healthy", clock);
  private Agent agent;

  @BeforeAll
  static void makeCertificate() throws Exception {
    certificate = TestCertificates.selfSigned(dir);
  }

  @BeforeEach
  void start() {
    agent =
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
                certificate.files(),
                Duration.ofHours(1),
                EngineSettings.defaults()));
  }

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
            .name(host.name())
            .sslContext(certificate.trusting())
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
}
