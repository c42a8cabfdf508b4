package io.iisbot.iis.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits that keep a Javalin (Jetty 12) server answering while clients misbehave: connections that
 * say nothing, request bodies that dribble in a byte at a time, many of them at once. Applied with
 * one call in {@code Javalin.create}: {@code ServerLimits.standard().applyTo(cfg)}.
 *
 * <ul>
 *   <li>A connection idle for {@link #idleTimeout} is closed (Jetty's connector idle timeout).
 *   <li>At most {@link #maxBodyReaders} requests may be reading their body at once; past that a
 *       request with a body is answered 503 at once, without reading it. Requests without a body
 *       ({@code GET /healthz}, a signed {@code GET /v1/health}) are never held up by them, and a
 *       request answered without its body (an agent's 401) frees its place at once.
 *   <li>A body must keep coming: no pause longer than {@link #bodyIdleTimeout}, at least {@link
 *       #minBodyRate} bytes a second once {@link #bodyGrace} has passed, and all of it within
 *       {@link #bodyDeadline}. A body that fails this fails its read with a {@link
 *       TimeoutException}.
 * </ul>
 *
 * Jetty 12 offers pieces of this but not the whole: {@code HttpConfiguration}'s minimum data rates
 * are no longer enforced, its {@code MinimumDataRateHandler} measures the bytes of all requests
 * together rather than each one's, and its {@code QoSHandler} would count a request's whole life (a
 * progress stream included), not the reading of its body. Javalin on Java 17 runs handlers on a
 * bounded pool of platform threads (Jetty's {@code QueuedThreadPool}, 250 at most), which is what a
 * few hundred slow bodies used to exhaust.
 *
 * @param idleTimeout how long a connection may stay silent
 * @param maxBodyReaders how many requests may be reading a body at once
 * @param bodyIdleTimeout the longest pause while a body arrives
 * @param bodyGrace how long a body may come slower than {@link #minBodyRate}
 * @param minBodyRate bytes per second a body must average after the grace
 * @param bodyDeadline how long a body may take in all
 */
public record ServerLimits(
    Duration idleTimeout,
    int maxBodyReaders,
    Duration bodyIdleTimeout,
    Duration bodyGrace,
    long minBodyRate,
    Duration bodyDeadline) {

  private static final Logger LOG = LoggerFactory.getLogger(ServerLimits.class);

  public ServerLimits {
    positive(idleTimeout, "idleTimeout");
    positive(bodyIdleTimeout, "bodyIdleTimeout");
    positive(bodyGrace, "bodyGrace");
    positive(bodyDeadline, "bodyDeadline");
    if (maxBodyReaders < 1) {
      throw new IllegalArgumentException(
          "maxBodyReaders must be at least 1, was " + maxBodyReaders);
    }
    if (minBodyRate < 0) {
      throw new IllegalArgumentException("minBodyRate must not be negative, was " + minBodyRate);
    }
  }

  /**
   * 30 s idle connections, 32 bodies read at once, each with pauses under 5 s, at least 1 KiB/s
   * after 2 s, and whole within 10 s: chat platforms and the bot send bodies of a few KiB at once.
   */
  public static ServerLimits standard() {
    return new ServerLimits(
        Duration.ofSeconds(30),
        32,
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        1024,
        Duration.ofSeconds(10));
  }

  /**
   * Applies these limits to the server {@code cfg} configures: the idle timeout to every connector
   * (including ones added with {@code cfg.jetty.addConnector}), the body limits in front of every
   * route, and one log line (no stack trace) for a request whose client went away or was too slow
   * mid-body: an {@link IOException} a route lets through, when {@link #isClientAbort} says so, is
   * answered 408; any other is logged with a reference and answered 500. Call once, inside {@code
   * Javalin.create}, before registering the application's own exception handlers (a later handler
   * for {@code IOException} replaces this one).
   */
  public void applyTo(JavalinConfig cfg) {
    Objects.requireNonNull(cfg, "cfg");
    cfg.routes.exception(IOException.class, ServerLimits::failedRead);
    cfg.jetty.modifyServer(
        server -> {
          BodyGate gate = new BodyGate(this);
          if (server.getHandler() != null) {
            gate.setHandler(server.getHandler());
          }
          // Javalin puts its own handler inside the innermost wrapper it finds: inside this gate.
          server.setHandler(gate);
          server.addEventListener(
              new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                  for (Connector c : server.getConnectors()) {
                    if (c instanceof AbstractConnector a) {
                      a.setIdleTimeout(idleTimeout.toMillis());
                    }
                  }
                }
              });
        });
  }

  private static void failedRead(IOException e, Context ctx) {
    if (isClientAbort(e)) {
      LOG.info(
          "request {} {} from {} ended before its body arrived: {}",
          ctx.method(),
          ctx.path(),
          ctx.ip(),
          abortReason(e));
      ctx.status(408);
      ctx.contentType("application/json");
      ctx.result(
          "{\"error\":\"too_slow\",\"message\":\"the request body did not arrive in time\"}");
      return;
    }
    String ref = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("request {} {} failed, reference {}", ctx.method(), ctx.path(), ref, e);
    ctx.status(500);
    ctx.contentType("application/json");
    ctx.result(
        "{\"error\":\"internal\",\"message\":\"the server failed; its log has the details under"
            + " reference "
            + ref
            + "\"}");
  }

  /**
   * Whether {@code t} means the client went away or was too slow (a connection closed mid-body, a
   * body cut by these limits): worth one line in a log, not a stack trace.
   */
  public static boolean isClientAbort(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof EofException
          || c instanceof EOFException
          || c instanceof ClosedChannelException
          || c instanceof TimeoutException
          || c instanceof InterruptedIOException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** Why {@code t} ended a request, in a few words for a log line. */
  public static String abortReason(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException) {
        return c.getMessage() == null ? "timed out" : c.getMessage();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return "the client closed the connection before the body was complete";
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
  }
}
