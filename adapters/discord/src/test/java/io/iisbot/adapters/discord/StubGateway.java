package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.testing.Recording;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link DiscordStub}'s gateway: HELLO on connect; READY and the guild's GUILD_CREATE on IDENTIFY;
 * INVALID_SESSION (not resumable) on RESUME; a heartbeat ACK for each heartbeat. Events a test
 * dispatches go to the newest session once it is ready, and wait for one until then. Every frame
 * the client sends is recorded.
 *
 * <p>Plain JSON text frames only: the client must ask for no compression (JDA's {@code
 * Compression.NONE}); {@code encoding=json} is all the stub speaks.
 *
 * <p>Thread-safe.
 */
final class StubGateway {

  static final String PATH = "/gateway";

  /** Discord's usual interval; JDA heartbeats on its own timer, so tests never wait for it. */
  static final int HEARTBEAT_INTERVAL = 41_250;

  private final Clock clock;
  private final Supplier<String> resumeUrl;
  private final Object lock = new Object();
  private final Deque<String[]> pending = new ArrayDeque<>();
  private final Recording<String> frames = new Recording<>();
  private WsContext current;
  private boolean ready;
  private int sequence;
  private int connections;
  private String sessionId;

  StubGateway(Clock clock, Supplier<String> resumeUrl) {
    this.clock = clock;
    this.resumeUrl = resumeUrl;
  }

  void register(JavalinConfig cfg) {
    cfg.routes.ws(
        PATH,
        ws -> {
          ws.onConnect(this::connected);
          ws.onMessage(this::received);
          ws.onClose(this::closed);
        });
  }

  private void connected(WsConnectContext ctx) {
    // Jetty's default idle timeout would close a connection that a short test leaves quiet.
    ctx.session.setIdleTimeout(Duration.ZERO);
    synchronized (lock) {
      current = ctx;
      ready = false;
      connections++;
      ObjectNode hello = frame(10, null, null);
      hello.putObject("d").put("heartbeat_interval", HEARTBEAT_INTERVAL);
      ctx.send(hello.toString());
      lock.notifyAll();
    }
  }

  private void received(WsMessageContext ctx) {
    String text = ctx.message();
    frames.add(text);
    JsonNode json = DiscordObjects.parse(text);
    int op = json == null ? -1 : json.path("op").asInt(-1);
    synchronized (lock) {
      switch (op) {
        case 1 -> ctx.send(frame(11, null, null).toString());
        case 2 -> identified(ctx);
        // The stub keeps no session to resume: invalid session, not resumable, so identify anew.
        case 6 -> ctx.send(frame(9, null, null).put("d", false).toString());
        default -> {
          // Presence updates, member requests and the like need no answer from the stub.
        }
      }
    }
  }

  private void identified(WsContext ctx) {
    sessionId = UUID.randomUUID().toString().replace("-", "");
    sequence = 0;
    ObjectNode readyEvent = DiscordObjects.object().put("v", 10);
    readyEvent.set(
        "user", DiscordObjects.botUser().put("verified", true).put("mfa_enabled", false));
    readyEvent
        .putArray("guilds")
        .addObject()
        .put("id", DiscordStub.GUILD_ID)
        .put("unavailable", true);
    readyEvent.putArray("private_channels");
    readyEvent.putArray("presences");
    readyEvent.putArray("relationships");
    readyEvent.putArray("guild_join_requests");
    readyEvent.putObject("user_settings");
    readyEvent.putObject("auth");
    readyEvent.putArray("geo_ordered_rtc_regions");
    readyEvent
        .put("session_type", "normal")
        .put("session_id", sessionId)
        .put("resume_gateway_url", resumeUrl.get());
    readyEvent.putArray("shard").add(0).add(1);
    readyEvent.putObject("application").put("id", DiscordStub.APPLICATION_ID).put("flags", 0);
    send(ctx, "READY", readyEvent);
    send(ctx, "GUILD_CREATE", DiscordObjects.guildCreate(clock));
    becameReady(ctx);
  }

  private void becameReady(WsContext ctx) {
    ready = true;
    while (!pending.isEmpty()) {
      String[] event = pending.removeFirst();
      send(ctx, event[0], DiscordObjects.parse(event[1]));
    }
    lock.notifyAll();
  }

  private void closed(WsCloseContext ctx) {
    synchronized (lock) {
      if (current != null && current.sessionId().equals(ctx.sessionId())) {
        current = null;
        ready = false;
      }
      lock.notifyAll();
    }
  }

  /** Sends a dispatch event to the ready session, or holds it until a session is ready. */
  void dispatch(String type, String json) {
    synchronized (lock) {
      if (ready && current != null && current.session.isOpen()) {
        send(current, type, DiscordObjects.parse(json));
      } else {
        pending.addLast(new String[] {type, json});
      }
    }
  }

  private void send(WsContext ctx, String type, JsonNode data) {
    ObjectNode event = frame(0, type, ++sequence);
    event.set("d", data);
    ctx.send(event.toString());
  }

  private static ObjectNode frame(int op, String type, Integer sequence) {
    ObjectNode frame = DiscordObjects.object().put("op", op).putNull("d");
    if (sequence == null) {
      frame.putNull("s");
    } else {
      frame.put("s", sequence);
    }
    return type == null ? frame.putNull("t") : frame.put("t", type);
  }

  void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!ready) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "no gateway session ready within " + timeout + "; connections " + connections);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for a gateway session", e);
        }
      }
    }
  }

  /** The {@code d} of the first IDENTIFY, already sent or sent within the timeout. */
  JsonNode awaitIdentified(Duration timeout) {
    String frame =
        frames.await(
            f -> {
              JsonNode json = DiscordObjects.parse(f);
              return json != null && json.path("op").asInt() == 2;
            },
            timeout,
            "IDENTIFY (op 2)");
    return DiscordObjects.parse(frame).get("d");
  }

  List<String> frames() {
    return frames.matching(f -> true);
  }

  int connections() {
    synchronized (lock) {
      return connections;
    }
  }

  void reset() {
    frames.clear();
    synchronized (lock) {
      pending.clear();
    }
  }
}
