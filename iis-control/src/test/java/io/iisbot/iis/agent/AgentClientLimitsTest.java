package io.iisbot.iis.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iisbot.iis.agent.server.AgentFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finding 8 on the bot's side: an agent that answers without end costs the bot a bounded read. */
final class AgentClientLimitsTest {

  private static final long MIB = 1024 * 1024;

  private final AgentFixture web02 = AgentFixture.busy();

  @AfterEach
  void stop() {
    web02.close();
  }

  /** A fake agent: answers every request with {@code head}, then {@code bodyByte} without end. */
  private static final class Flood implements AutoCloseable {
    final ServerSocket server;
    final AtomicLong sent = new AtomicLong();
    private final Thread thread;

    Flood(String head, byte bodyByte) throws IOException {
      server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket s = server.accept()) {
                    readHead(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, bodyByte);
                    while (sent.get() < 2 * 1024 * MIB) { // the 1.5 GB answer, and then some
                      out.write(chunk);
                      sent.addAndGet(chunk.length);
                    }
                  } catch (IOException theClientHungUp) {
                    // what a bounded client does; wait for the next one
                  }
                }
              },
              "flood");
      thread.setDaemon(true);
      thread.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private static void readHead(InputStream in) throws IOException {
      int state = 0;
      for (int b = in.read(); b >= 0; b = in.read()) {
        state = (b == '\r' || b == '\n') ? state + 1 : 0;
        if (state == 4) {
          return;
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private AgentClient client(URI base, String name) {
    return AgentClient.builder(base, AgentFixture.KEY, AgentFixture.SECRET)
        .clock(web02.clock)
        .name(name)
        .requestTimeout(Duration.ofSeconds(20))
        .sleeper(d -> {})
        .build();
  }

  @Test
  void finding08_hugeAnswer_isRefusedWithoutRunningOutOfMemory() throws Exception {
    try (Flood flood =
        new Flood(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
            (byte) ' ')) {
      AgentClient web03 = client(flood.uri(), "web03");
      long t0 = System.nanoTime();

      AgentException.HostError e =
          catchThrowableOfType(web03::snapshot, AgentException.HostError.class);
      long took = (System.nanoTime() - t0) / 1_000_000;

      assertThat(e.getMessage())
          .isEqualTo(
              "web03's agent sent an answer of more than 8 MiB (the snapshot request); the bot"
                  + " stopped reading it. Is an iisbot agent listening at "
                  + flood.uri()
                  + "?");
      assertThat(took).as("ms to give up").isLessThan(10_000);
      Thread.sleep(200);
      assertThat(flood.sent.get())
          .as("bytes the fake got to send before the bot hung up")
          .isLessThan(64 * MIB);
      assertThat(client(web02.agent.uri(), "web02").health().host())
          .as("the next call, to another host")
          .isEqualTo("web02");
    }
  }

  @Test
  void finding08_answerDeclaredHuge_isRefusedBeforeItsBody() throws Exception {
    try (Flood flood =
        new Flood(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1610612736\r\n\r\n",
            (byte) ' ')) {
      AgentException.HostError e =
          catchThrowableOfType(
              () -> client(flood.uri(), "web03").health(), AgentException.HostError.class);

      assertThat(e.getMessage()).contains("an answer of more than 8 MiB (the health check)");
      Thread.sleep(200);
      assertThat(flood.sent.get()).isLessThan(64 * MIB);
    }
  }

  @Test
  void finding08_endlessProgressLine_isRefusedAtOneMiB() throws Exception {
    try (Flood flood =
        new Flood(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                + "event: progress\r\nid: 1\r\ndata: ",
            (byte) 'x')) {
      long t0 = System.nanoTime();

      AgentException.HostError e =
          catchThrowableOfType(
              () -> client(flood.uri(), "web03").follow("op-flood-001", p -> {}),
              AgentException.HostError.class);

      assertThat(e.getMessage())
          .isEqualTo(
              "web03's agent sent a line of the progress stream of more than 1 MiB (the progress"
                  + " of operation op-flood-001); the bot stopped reading it. Is an iisbot agent"
                  + " listening at "
                  + flood.uri()
                  + "?");
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
      Thread.sleep(200);
      assertThat(flood.sent.get()).isLessThan(64 * MIB);
    }
  }

  @Test
  void progressEventsOfManyLines_overOneMiB_areRefused() throws Exception {
    String line = "data: " + "y".repeat(1000) + "\n";
    try (Flood flood =
        new Flood(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                + "event: progress\nid: 1\n"
                + line.repeat(2000),
            (byte) '\n')) {
      AgentException.HostError e =
          catchThrowableOfType(
              () -> client(flood.uri(), "web03").follow("op-flood-002", p -> {}),
              AgentException.HostError.class);

      assertThat(e.getMessage()).contains("an event of the progress stream of more than 1 MiB");
    }
  }
}
