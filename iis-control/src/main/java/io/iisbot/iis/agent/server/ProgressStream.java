package io.iisbot.iis.agent.server;

import io.iisbot.iis.agent.AgentJson;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Server-Sent Events of one operation: each progress event with its id, then the result, then the
 * end. A client that reconnects with {@code Last-Event-ID} gets what it missed, then the live
 * stream. Written by hand rather than through Javalin's SSE support, which answers an empty 200
 * unless the client sends {@code Accept: text/event-stream}; curl and scripts should get the stream
 * too. Stateless; each stream runs on its request's thread.
 */
final class ProgressStream {

  /** How often an idle progress stream sends a comment, so proxies keep it open. */
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private ProgressStream() {}

  static void serve(Context ctx, AgentOperation op) throws IOException {
    long after = lastEventId(ctx.header("Last-Event-ID"));
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    OutputStream out = res.getOutputStream();
    BlockingQueue<AgentOperation.Event> queue = new LinkedBlockingQueue<>();
    Runnable unfollow = op.follow(after, queue::add);
    try {
      write(out, ": iisbot progress of " + op.spec().id() + "\n\n");
      while (true) {
        AgentOperation.Event e = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
          write(out, ": still running\n\n");
          continue;
        }
        Object data = e.isResult() ? e.result() : e.progress();
        write(
            out,
            "event: "
                + (e.isResult() ? "result" : "progress")
                + "\nid: "
                + e.id()
                + "\ndata: "
                + AgentJson.lenient().writeValueAsString(data)
                + "\n\n");
        if (e.isResult()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientWentAway) {
      // The operation goes on; the client may reconnect with Last-Event-ID.
    } finally {
      unfollow.run();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  static long lastEventId(String header) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    try {
      long id = Long.parseLong(header.strip());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new Agent.HttpError(400, "bad_request", "Last-Event-ID must be a non-negative number");
    }
  }
}
