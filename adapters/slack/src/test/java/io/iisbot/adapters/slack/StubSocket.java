package io.iisbot.adapters.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.testing.Recording;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link SlackStub}'s Socket Mode endpoint: greets each connection with Slack's {@code hello},
 * sends the envelopes a test pushes to the newest connection (holding them until there is one), and
 * records the frames the client sends back.
 *
 * <p>Thread-safe.
 */
final class StubSocket {

  static final String PATH = "/socket";

  /** Slack's greeting, with the app id this stub hands out. */
  static final String HELLO =
      "{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"applink-stub\","
          + "\"build_number\":1,\"approximate_connection_time\":18060},"
          + "\"connection_info\":{\"app_id\":\""
          + SlackStub.APP_ID
          + "\"}}";

  private final Object lock = new Object();
  private final Deque<String> pending = new ArrayDeque<>();
  private final Recording<String> frames = new Recording<>();
  private WsContext current;
  private int connections;

  void register(JavalinConfig cfg) {
    cfg.routes.ws(
        PATH,
        ws -> {
          ws.onConnect(this::connected);
          ws.onMessage(ctx -> frames.add(ctx.message()));
          ws.onClose(this::closed);
        });
  }

  private void connected(WsConnectContext ctx) {
    // Bolt never asks for an idle timeout; Jetty's default would close a quiet test connection.
    ctx.session.setIdleTimeout(Duration.ZERO);
    synchronized (lock) {
      current = ctx;
      connections++;
      ctx.send(HELLO);
      while (!pending.isEmpty()) {
        ctx.send(pending.removeFirst());
      }
      lock.notifyAll();
    }
  }

  private void closed(WsCloseContext ctx) {
    synchronized (lock) {
      if (current != null && current.sessionId().equals(ctx.sessionId())) {
        current = null;
      }
      lock.notifyAll();
    }
  }

  void push(String envelopeJson) {
    synchronized (lock) {
      if (current != null && current.session.isOpen()) {
        current.send(envelopeJson);
      } else {
        pending.addLast(envelopeJson);
      }
    }
  }

  /** How many connections were opened so far. */
  int connections() {
    synchronized (lock) {
      return connections;
    }
  }

  void awaitConnected(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (current == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "no Socket Mode connection open within " + timeout + "; opened " + connections);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for a Socket Mode connection", e);
        }
      }
    }
  }

  String awaitAck(String envelopeId, Duration timeout) {
    return frames.await(
        frame -> envelopeId.equals(envelopeIdOf(frame)),
        timeout,
        "Socket Mode frame with envelope_id " + envelopeId);
  }

  List<String> frames() {
    return frames.matching(f -> true);
  }

  void reset() {
    frames.clear();
    synchronized (lock) {
      pending.clear();
    }
  }

  private static String envelopeIdOf(String frame) {
    JsonNode json = StubWebApi.parse(frame);
    JsonNode id = json == null ? null : json.get("envelope_id");
    return id == null ? null : id.asText();
  }
}
