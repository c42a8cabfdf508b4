package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.logging.LogCapture;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finding 8 on the agent: slow and aborted bodies cost little and say little. */
final class AgentLimitsTest {

  private final AgentFixture f = AgentFixture.busy();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void stop() {
    f.close();
  }

  /** A POST whose headers pass every check the agent makes before reading a body. */
  private String plausibleHead(int i) {
    String auth =
        f.signature("POST", "/v1/operations", "{}", f.clock.millis() / 1000, AgentAuth.newNonce());
    return "POST /v1/operations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: 10000\r\nAuthorization: "
        + auth
        + "\r\n\r\n{";
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(f.agent.uri() + path)).timeout(Duration.ofSeconds(3));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void finding08_slowBodies_doNotStopHealth() throws Exception {
    try (SlowBodies slow = new SlowBodies(f.agent.port(), 300, this::plausibleHead, 500)) {
      Thread.sleep(500); // every one of them is in, dribbling

      long t0 = System.nanoTime();
      HttpResponse<String> signed =
          get(
              "/v1/health",
              f.signature(
                  "GET", "/v1/health", null, f.clock.millis() / 1000, AgentAuth.newNonce()));
      HttpResponse<String> unsigned = get("/v1/health", null);
      long took = (System.nanoTime() - t0) / 1_000_000;

      assertThat(signed.statusCode()).isEqualTo(200);
      assertThat(unsigned.statusCode()).isEqualTo(401);
      assertThat(took).as("ms for both answers").isLessThan(2_000);
      assertThat(slow.answered("HTTP/1.1 503"))
          .as("turned away at once, body unread")
          .isGreaterThanOrEqualTo(300 - 32);
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (slow.ended() < 300 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(slow.ended()).as("the admitted ones are cut for being too slow").isEqualTo(300);
    }
  }

  @Test
  void finding08_abortedBody_logsOneLine() throws Exception {
    List<ILoggingEvent> log;
    LogCapture capture = LogCapture.root();
    try {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.agent.port())) {
        OutputStream out = s.getOutputStream();
        out.write(plausibleHead(0).getBytes(StandardCharsets.UTF_8));
        out.write("\"id\":\"op-".getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(200);
      } // gone mid-body
      // The agent still answers, and by then it has dealt with the aborted request.
      assertThat(get("/v1/health", null).statusCode()).isEqualTo(401);
      Thread.sleep(300);
    } finally {
      log = capture.events();
      capture.close();
    }

    List<ILoggingEvent> aboutIt =
        log.stream().filter(r -> r.getFormattedMessage().contains("POST /v1/operations")).toList();
    assertThat(log).as("no stack trace anywhere").allMatch(r -> r.getThrowableProxy() == null);
    assertThat(aboutIt)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.INFO);
              assertThat(r.getFormattedMessage())
                  .startsWith("request POST /v1/operations from 127.0.0.1 ended before its body")
                  .doesNotContain("\n");
            });
  }
}
