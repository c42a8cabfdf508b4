package io.iisbot.bot.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.config.LoadBalancer;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime API client against a real HAProxy. */
@Tag("haproxy")
final class HaproxyBalancerTest {

  @TempDir Path dir;
  private Haproxy haproxy;
  private HaproxyBalancer edge;

  @BeforeEach
  void start() throws Exception {
    Map<String, BooleanSupplier> servers = new LinkedHashMap<>();
    for (String s : List.of("web01", "web02", "web03")) {
      servers.put(s, () -> true);
    }
    haproxy = new Haproxy(dir, servers);
    edge = new HaproxyBalancer(haproxy.config("edge", "1"));
    haproxy.await("all three are UP", () -> haproxy.up() == 3);
  }

  @AfterEach
  void stop() {
    haproxy.close();
  }

  @Test
  void showStat_listsTheBackendsServers_withStatusAndSessions() {
    List<Balancer.Backend> backends = edge.backendsOf("web02");

    assertThat(backends).hasSize(1);
    assertThat(backends.get(0).name()).isEqualTo("web");
    assertThat(backends.get(0).servers())
        .extracting(Balancer.Server::name)
        .containsExactly("web01", "web02", "web03");
    assertThat(backends.get(0).inService()).isEqualTo(3);
    assertThat(edge.connections("web02")).hasValue(0);
  }

  @Test
  void drainAndRestore_setTheServersState() throws Exception {
    edge.drain("web01");
    assertThat(haproxy.servers().get("web01").status()).isEqualTo("DRAIN");
    assertThat(edge.up("web01")).contains(false);

    edge.restore("web01");
    haproxy.await("web01 is UP", () -> haproxy.servers().get("web01").status().startsWith("UP"));
    assertThat(edge.up("web01")).contains(true);
  }

  @Test
  void connections_countTheSessionsStillOpen() throws Exception {
    try (Socket held = haproxy.slowRequest()) {
      haproxy.await("web01 has a session", () -> edge.connections("web01").orElse(0) == 1);
      edge.drain("web01");
      assertThat(edge.connections("web01")).hasValue(1);
      haproxy.release();
      assertThat(Haproxy.readAll(held)).contains("200");
    }
    haproxy.await("web01 has no session", () -> edge.connections("web01").orElse(-1) == 0);
  }

  @Test
  void unixSocket_worksAsTheTcpPortDoes() {
    LoadBalancer.Haproxy tcp = haproxy.config("edge", "1");
    HaproxyBalancer unix =
        new HaproxyBalancer(
            new LoadBalancer.Haproxy(
                "edge",
                haproxy.unixSocket(),
                tcp.backends(),
                tcp.minInService(),
                tcp.drainDeadline(),
                tcp.upDeadline()));

    unix.drain("web03");

    assertThat(edge.backendsOf("web03").get(0).server("web03").orElseThrow().status())
        .isEqualTo("DRAIN");
    assertThat(unix.backendsOf("web03").get(0).inService()).isEqualTo(2);
  }

  @Test
  void unknownServerOrUnreachableApi_sayWhat() {
    assertThatThrownBy(() -> edge.drain("web09"))
        .isInstanceOf(BalancerException.class)
        .hasMessage("no server web09 in edge's backend web");

    HaproxyBalancer gone =
        new HaproxyBalancer(
            new LoadBalancer.Haproxy(
                "gone",
                URI.create("tcp://127.0.0.1:1"),
                List.of("web"),
                LoadBalancer.MinInService.NONE,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1)));
    assertThatThrownBy(() -> gone.backendsOf("web01"))
        .isInstanceOf(BalancerException.class)
        .hasMessageStartingWith("cannot reach load balancer gone at tcp://127.0.0.1:1 (");
  }
}
