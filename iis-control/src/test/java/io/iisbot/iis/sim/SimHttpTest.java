package io.iisbot.iis.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.Site;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class SimHttpTest {

  private static final String YAML =
      String.join(
          "\n",
          "pools:",
          "  - {name: Web}",
          "  - {name: Api, warmup: 3s}",
          "sites:",
          "  - {name: www, pool: Web, bindings: [\"http/*:80:www.contoso.com\", \"https/*:443:\"],"
              + " redirects: {/old: \"https://www.contoso.com/new\"}}",
          "  - {name: api, pool: Api, bindings: [\"https/*:443:api.contoso.com\"], warmup: 1s}",
          "");

  private final VirtualClock clock = VirtualClock.standard();
  private final SimulatedIisHost host =
      new SimulatedIisHost(Scenarios.parse(YAML, "test"), clock).serveHttp();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void close() {
    host.close();
  }

  @Test
  void serveHttp_putsTheLoopbackPortInTheFirstHttpBinding_orAddsOneForHttpsOnlySites() {
    assertThat(site("www").bindings().get(0)).matches("http/\\*:\\d+:www\\.contoso\\.com");
    assertThat(site("www").bindings().get(0)).isNotEqualTo("http/*:80:www.contoso.com");
    assertThat(site("www").bindings().get(1)).isEqualTo("https/*:443:");
    assertThat(site("api").bindings())
        .hasSize(2)
        .last()
        .asString()
        .matches("http/127\\.0\\.0\\.1:\\d+:api\\.contoso\\.com");
  }

  @Test
  void runningSite_answers200_andAConfiguredRedirect() throws Exception {
    assertThat(get("www", "/").statusCode()).isEqualTo(200);
    HttpResponse<String> r = get("www", "/old");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("https://www.contoso.com/new");
  }

  @Test
  void stoppedSite_orStoppedPool_answers503_untilStartedAndWarm() throws Exception {
    host.stopSite("www");
    assertThat(get("www", "/").statusCode()).isEqualTo(503);
    host.startSite("www");
    assertThat(get("www", "/").statusCode()).isEqualTo(200);

    host.stopPool("Api");
    assertThat(get("api", "/").statusCode()).isEqualTo(503);
    clock.advance(Duration.ofSeconds(5));
    host.startPool("Api");
    assertThat(get("api", "/").statusCode()).as("the pool warms up for 3s").isEqualTo(503);
    clock.advance(Duration.ofMillis(2999));
    assertThat(get("api", "/").statusCode()).isEqualTo(503);
    clock.advance(Duration.ofMillis(1));
    assertThat(get("api", "/").statusCode()).isEqualTo(200);
  }

  @Test
  void siteWarmup_countsFromTheSiteStart() throws Exception {
    host.stopSite("api");
    host.startSite("api");
    assertThat(get("api", "/").statusCode()).isEqualTo(503);
    clock.advance(Duration.ofSeconds(1));
    assertThat(get("api", "/").statusCode()).isEqualTo(200);
  }

  @Test
  void stoppedW3svc_answers503() throws Exception {
    host.stopSite("www");
    host.stopService("W3SVC");
    clock.advance(Duration.ofMinutes(5));
    assertThat(get("www", "/").statusCode()).isEqualTo(503);
  }

  @Test
  void nonOverlappedRecycle_answers503InTheGap() throws Exception {
    SimulatedIisHost gap =
        new SimulatedIisHost(
                Scenarios.parse(
                    "pools: [{name: P, disallowOverlappingRotation: true, warmup: 2s}]\n"
                        + "sites: [{name: s, pool: P, bindings: [\"http/*:80:\"],"
                        + " requests: [{at: 0s, duration: 10s}]}]\n",
                    "gap"),
                clock)
            .serveHttp();
    try {
      gap.recyclePool("P");
      assertThat(get(gap, "s", "/").statusCode()).isEqualTo(503);
      clock.advance(Duration.ofSeconds(11));
      assertThat(get(gap, "s", "/").statusCode()).as("a cold worker").isEqualTo(503);
      clock.advance(Duration.ofSeconds(2));
      assertThat(get(gap, "s", "/").statusCode()).isEqualTo(200);
    } finally {
      gap.close();
    }
  }

  @Test
  void close_stopsListening() {
    String binding = site("www").bindings().get(0);
    host.close();
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(binding) + "/"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  private Site site(String name) {
    return host.sites().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private HttpResponse<String> get(String site, String path) throws Exception {
    return get(host, site, path);
  }

  private HttpResponse<String> get(SimulatedIisHost h, String site, String path) throws Exception {
    String binding =
        h.sites().stream()
            .filter(s -> s.name().equals(site))
            .flatMap(s -> s.bindings().stream())
            .filter(b -> b.startsWith("http/"))
            .findFirst()
            .orElseThrow();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(binding) + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int port(String binding) {
    String[] parts = binding.split(":", -1);
    return Integer.parseInt(parts[parts.length - 2]);
  }
}
