package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The agent's unsigned {@code /healthz} and {@code /readyz}: up and ready, and nothing else. */
final class AgentProbesTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void probes_unsigned_sayUpAndReadyOnly() throws Exception {
    try (AgentFixture f = AgentFixture.busy()) {
      HttpResponse<String> health = get(f.agent.uri(), "/healthz");
      HttpResponse<String> ready = get(f.agent.uri(), "/readyz");

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("ready");
      // No host name, version, mode or count: only the words above.
      for (HttpResponse<String> r : java.util.List.of(health, ready)) {
        assertThat(r.body()).doesNotContain("web02", Agent.VERSION, "simulated");
        assertThat(r.headers().firstValue("Server")).isEmpty();
      }
      // The signed API still needs its signature.
      assertThat(get(f.agent.uri(), "/v1/health").statusCode()).isEqualTo(401);
    }
  }

  private static HttpResponse<String> get(URI base, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
