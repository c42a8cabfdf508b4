package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo console has no sign-in, so it answers only requests addressed to the machine it runs on:
 * a name rebound to 127.0.0.1 or a tunnel gets a plain refusal on every console route. Requests
 * written by hand, since Java's HttpClient will not send another Host.
 */
final class ConsoleDemoLoopbackTest {

  @TempDir Path dir;

  private Demo demo;

  @BeforeEach
  void start() {
    demo =
        Demo.start(
            Map.of("IISBOT_PORT", "0"),
            dir.toString(),
            new PrintStream(new ByteArrayOutputStream()));
  }

  @AfterEach
  void stop() {
    demo.close();
  }

  private RawHttp.Answer raw(String method, String path, Map<String, String> headers)
      throws Exception {
    return RawHttp.send(URI.create(demo.app().uri()), method, path, headers);
  }

  private String port() {
    return ":" + URI.create(demo.app().uri()).getPort();
  }

  @Test
  void finding09_foreignHost_isRefusedInDemo() throws Exception {
    for (String path :
        List.of(
            "/",
            "/console/console.js",
            "/api/fleet",
            "/api/session",
            "/api/stream",
            "/console/signin?t=x")) {
      RawHttp.Answer a = raw("GET", path, Map.of("Host", "rebound.example.com" + port()));

      assertThat(a.status()).as(path).isEqualTo(403);
      assertThat(a.head()).containsIgnoringCase("Content-Type: text/plain");
      assertThat(a.body())
          .as(path)
          .startsWith("The iisbot demo console only answers on the machine it runs on:");
    }
    RawHttp.Answer post =
        raw(
            "POST",
            "/api/commands",
            Map.of("Host", "rebound.example.com", "Content-Type", "application/json"));
    assertThat(post.status()).isEqualTo(403);
    assertThat(raw("GET", "/api/fleet", Map.of("Host", "127.0.0.2" + port())).status())
        .isEqualTo(403);
    assertThat(raw("GET", "/api/fleet", Map.of("Host", "localhost.example.com")).status())
        .isEqualTo(403);
  }

  @Test
  void finding09_foreignOrigin_isRefusedInDemo() throws Exception {
    for (String origin :
        List.of("http://rebound.example.com" + port(), "null", "http://127.0.0.1.example.com")) {
      RawHttp.Answer a =
          raw("GET", "/api/fleet", Map.of("Host", "127.0.0.1" + port(), "Origin", origin));

      assertThat(a.status()).as(origin).isEqualTo(403);
      assertThat(a.body()).contains("only answers on the machine it runs on");
    }
  }

  @Test
  void loopbackHostsAndOrigins_areServedInDemo() throws Exception {
    for (String host : List.of("127.0.0.1" + port(), "localhost" + port(), "[::1]", "LocalHost")) {
      RawHttp.Answer a = raw("GET", "/api/session", Map.of("Host", host));
      RawHttp.Answer page =
          raw("GET", "/", Map.of("Host", host, "Origin", "http://" + host.toLowerCase()));

      assertThat(a.status()).as(host).isEqualTo(200);
      assertThat(a.body()).contains("\"user\":\"console:demo\"");
      assertThat(page.status()).as(host).isEqualTo(200);
    }
    // Not a console route: the health check answers whatever the name.
    assertThat(raw("GET", "/healthz", Map.of("Host", "rebound.example.com")).status())
        .isEqualTo(200);
  }
}
