package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LoadBalancersConfigTest {

  @TempDir Path dir;

  private static final String SECRET = "0123456789abcdef0123456789abcdef-";

  private BotConfig load(String balancers, String hostExtra) throws Exception {
    String yaml =
        """
        server: {secretEnv: S}
        loadBalancers:
        %s
        hosts:
          - name: web01
            agent: https://web01:9701
            keyId: k
            secretEnv: K
        %s
        """
            .formatted(balancers.indent(2), hostExtra.indent(4));
    Path f = Files.writeString(dir.resolve("c.yaml"), yaml);
    return ConfigLoader.load(f, Map.of("S", SECRET + "s", "K", SECRET + "k", "AUTH", "Basic x"));
  }

  @Test
  void haproxy_withEverything_loads() throws Exception {
    BotConfig c =
        load(
            """
            - name: edge
              type: haproxy
              runtimeApi: tcp://127.0.0.1:9999
              backends: [web, api]
              minInService: 50%
              drainDeadline: 90s
            """,
            "loadBalancer: edge\nlbServer: web01-iis");

    LoadBalancer.Haproxy edge = (LoadBalancer.Haproxy) c.loadBalancer("edge").orElseThrow();
    assertThat(edge.backends()).containsExactly("web", "api");
    assertThat(edge.minInService().of(3)).isEqualTo(2);
    assertThat(edge.drainDeadline()).isEqualTo(Duration.ofSeconds(90));
    assertThat(edge.upDeadline()).isEqualTo(Balancers.DEFAULT_UP);
    assertThat(c.host("web01").orElseThrow().lbServer()).contains("web01-iis");
  }

  @Test
  void http_withAuthorizationFromEnv_addsTheHeader() throws Exception {
    BotConfig c =
        load(
            """
            - name: f5
              type: http
              drain: {method: patch, url: "https://f5/m/{host}", body: '{"session":"user-disabled"}', authorizationEnv: AUTH}
              restore: {url: "https://f5/m/{host}", headers: {X-A: b}}
              connections: {url: "https://f5/m/{host}/stats", jsonPointer: /c}
            """,
            "loadBalancer: f5");

    LoadBalancer.Http f5 = (LoadBalancer.Http) c.loadBalancer("f5").orElseThrow();
    assertThat(f5.drain().method()).isEqualTo("PATCH");
    assertThat(f5.drain().headers()).containsEntry("Authorization", "Basic x");
    assertThat(f5.restore().headers()).containsEntry("X-A", "b");
    assertThat(f5.connections().orElseThrow().jsonPointer()).isEqualTo("/c");
    assertThat(c.host("web01").orElseThrow().lbServer()).contains("web01");
  }

  @Test
  void balancers_withMistakes_nameEachKeyPath() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    - name: edge
                      type: haproxy
                      runtimeApi: http://x
                      backends: []
                      minInService: lots
                      drain: {url: "https://f5/x"}
                    - name: f5
                      type: http
                      restore: {url: "not a url"}
                      connections: {url: "https://f5/c", jsonPointer: c}
                    - name: other
                      type: nginx
                    """,
                    "loadBalancer: edgy"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "loadBalancers[0].drain: only for type http",
                        "loadBalancers[0].runtimeApi: must be tcp://host:port or unix:/path, was"
                            + " \"http://x\"",
                        "loadBalancers[0].backends: at least one backend is needed",
                        "loadBalancers[0].minInService: must be a number such as 1 or a"
                            + " percentage such as 50%, was \"lots\"",
                        "loadBalancers[1].drain: missing",
                        "loadBalancers[1].restore.url: not an http(s) URL: \"not a url\"",
                        "loadBalancers[1].connections.jsonPointer: must start with /, was \"c\"",
                        "loadBalancers[2].type: must be haproxy or http, was \"nginx\"",
                        "hosts[0].loadBalancer: unknown load balancer \"edgy\" (known: edge,"
                            + " f5, other)"));
  }

  @Test
  void minInService_percentOrCount_roundsUp() {
    assertThat(LoadBalancer.MinInService.parse("50%").of(3)).isEqualTo(2);
    assertThat(LoadBalancer.MinInService.parse("34%").of(3)).isEqualTo(2);
    assertThat(LoadBalancer.MinInService.parse("2").of(10)).isEqualTo(2);
    assertThatThrownBy(() -> LoadBalancer.MinInService.parse("150%"))
        .hasMessage(
            "minInService: must be a number of servers or a percentage up to 100%, was 150%");
  }

  @Test
  void host_withoutBalancer_hasNone() throws Exception {
    BotConfig c = load("[]", "");
    assertThat(c.host("web01").orElseThrow().loadBalancer()).isEqualTo(Optional.empty());
  }
}
