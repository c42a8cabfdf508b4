package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot told to stop while it answers a request: the answer still goes out whole, a request that
 * arrives meanwhile is refused with 503, and an open event stream does not hold the stop up.
 */
final class StoppingAnswersTest {

  @TempDir Path dir;

  @Test
  void close_whileAnswering_finishesTheAnswer_andRefusesNewRequests() throws Exception {
    Demo demo =
        Demo.start(
            Map.of("IISBOT_PORT", "0"),
            dir.toString(),
            new PrintStream(new ByteArrayOutputStream()));
    URI base = URI.create(demo.app().uri());
    byte[] body = "{\"text\": \"/iis status web01\"}".getBytes(StandardCharsets.UTF_8);
    try (Socket stream = new Socket(base.getHost(), base.getPort());
        Socket slow = new Socket(base.getHost(), base.getPort())) {
      // A console reader's live stream, open through the stop.
      stream
          .getOutputStream()
          .write(
              "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      slow.setSoTimeout(10_000);
      OutputStream out = slow.getOutputStream();
      // The request is being answered: its head is in, half its body still on the way.
      out.write(
          ("POST /api/commands HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 10);
      out.flush();
      Thread.sleep(300);

      long start = System.nanoTime();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(demo::close);
      long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (!demo.app().stopping() && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      RawHttp.Answer refused =
          RawHttp.send(base, "POST", "/api/commands", Map.of("Host", "127.0.0.1"));
      out.write(body, 10, body.length - 10);
      out.flush();
      String answer = read(slow.getInputStream());
      closing.get(10, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      System.out.println(
          "[shutdown] 1 answer finished, 1 request refused, stopped in " + took.toMillis() + " ms");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(answer).startsWith("HTTP/1.1 200").contains("web01 status");
      assertThat(took).isLessThan(Duration.ofSeconds(3));
    }
  }

  private static String read(InputStream in) throws Exception {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
