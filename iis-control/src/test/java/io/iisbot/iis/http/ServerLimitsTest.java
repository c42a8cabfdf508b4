package io.iisbot.iis.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.iisbot.iis.logging.LogCapture;
import io.javalin.Javalin;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limits on a bare Javalin server, with small numbers so that the test is quick. */
final class ServerLimitsTest {

  private static final ServerLimits SMALL =
      new ServerLimits(
          Duration.ofSeconds(30),
          2,
          Duration.ofSeconds(1),
          Duration.ofMillis(300),
          1024,
          Duration.ofSeconds(2));

  private final AtomicReference<String> lastFailure = new AtomicReference<>();
  private final Javalin app =
      Javalin.create(
              cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.jetty.host = "127.0.0.1";
                cfg.jetty.port = 0;
                SMALL.applyTo(cfg);
                cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
                cfg.routes.post("/form", ctx -> ctx.result(ctx.body())); // lets IOException out
                cfg.routes.post(
                    "/echo",
                    ctx -> {
                      try {
                        ctx.result(ctx.req().getInputStream().readAllBytes());
                      } catch (IOException e) {
                        lastFailure.set(ServerLimits.abortReason(e));
                        ctx.status(408);
                      }
                    });
              })
          .start();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    app.stop();
  }

  private Socket slowPost() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), app.port());
    s.setSoTimeout(5_000);
    OutputStream out = s.getOutputStream();
    out.write(
        "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nx"
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  private static String statusLine(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
      b.append((char) c);
    }
    return b.toString();
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/echo"))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void bodiesPastTheLimit_are503AtOnce_andOthersStillAnswer() throws Exception {
    try (Socket a = slowPost();
        Socket b = slowPost();
        Socket c = slowPost()) {
      Thread.sleep(100);
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/healthz"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).isEqualTo("ok");
      // Two are reading (until cut for pausing); the third was turned away without reading.
      assertThat(java.util.List.of(statusLine(a), statusLine(b), statusLine(c)))
          .containsExactlyInAnyOrder(
              "HTTP/1.1 503 Service Unavailable",
              "HTTP/1.1 408 Request Timeout",
              "HTTP/1.1 408 Request Timeout");
    }
  }

  @Test
  void aBodyThatStopsComing_isCut_andItsPlaceComesBack() throws Exception {
    try (Socket a = slowPost();
        Socket b = slowPost()) {
      assertThat(statusLine(a)).isEqualTo("HTTP/1.1 408 Request Timeout");
      assertThat(statusLine(b)).isEqualTo("HTTP/1.1 408 Request Timeout");
    }

    assertThat(post("hello").body()).isEqualTo("hello");
  }

  @Test
  void aBodyThatDribbles_isCutOnceTheGraceIsOver() throws Exception {
    try (Socket a = slowPost()) {
      Thread.sleep(400);
      a.getOutputStream().write('y');
      a.getOutputStream().flush();

      assertThat(statusLine(a)).isEqualTo("HTTP/1.1 408 Request Timeout");
      assertThat(lastFailure.get()).startsWith("the request body came too slowly: 2 bytes in ");
    }
  }

  @Test
  void wholeBodies_passAndGiveTheirPlaceBack() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(post("body " + i).body()).isEqualTo("body " + i);
    }
  }

  @Test
  void abortedBody_inARouteThatDoesNotCatch_isOneLogLine_andATimeoutNone() throws Exception {
    List<ILoggingEvent> log;
    LogCapture capture = LogCapture.root();
    try {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
        s.getOutputStream()
            .write(
                "POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nabc"
                    .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        Thread.sleep(200);
      }
      try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
        slow.setSoTimeout(5_000);
        slow.getOutputStream()
            .write(
                "POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nabc"
                    .getBytes(StandardCharsets.US_ASCII));
        assertThat(statusLine(slow)).isEqualTo("HTTP/1.1 408 Request Timeout");
      }
      Thread.sleep(200);
    } finally {
      log = capture.events();
      capture.close();
    }

    assertThat(log).allMatch(r -> r.getThrowableProxy() == null);
    assertThat(log)
        .extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.contains("POST /form"))
        .containsExactly(
            "request POST /form from 127.0.0.1 ended before its body arrived: the client closed"
                + " the connection before the body was complete");
  }

  @Test
  void clientAborts_areToldApartFromOtherFailures() {
    assertThat(ServerLimits.isClientAbort(new IOException(new EOFException()))).isTrue();
    assertThat(ServerLimits.isClientAbort(new IOException(new TimeoutException("slow")))).isTrue();
    assertThat(ServerLimits.isClientAbort(new IllegalStateException("bug"))).isFalse();
    assertThat(ServerLimits.abortReason(new IOException(new TimeoutException("too slow"))))
        .isEqualTo("too slow");
  }

  @Test
  void limits_areChecked() {
    assertThatThrownBy(
            () ->
                new ServerLimits(
                    Duration.ZERO,
                    1,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    1,
                    Duration.ofSeconds(1)))
        .hasMessage("idleTimeout must be positive, was PT0S");
    assertThatThrownBy(
            () ->
                new ServerLimits(
                    Duration.ofSeconds(1),
                    0,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    1,
                    Duration.ofSeconds(1)))
        .hasMessage("maxBodyReaders must be at least 1, was 0");
  }
}
