package io.iisbot.iis.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * The body limits of {@link ServerLimits}, in front of every handler: a request with a body takes
 * one of a fixed number of places, or is answered 503 at once; while it holds its place, its body
 * must keep coming. The place is given back when the body has been read, or when the request ends,
 * whichever comes first. Thread-safe.
 */
final class BodyGate extends Handler.Wrapper {

  static final String BUSY_BODY =
      "{\"error\":\"unavailable\",\"message\":\"too many requests are sending their bodies at"
          + " once; try again in a moment\"}";

  private final ServerLimits limits;
  private final Semaphore places;

  BodyGate(ServerLimits limits) {
    this.limits = limits;
    this.places = new Semaphore(limits.maxBodyReaders());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!hasBody(request)) {
      return super.handle(request, response, callback);
    }
    if (!places.tryAcquire()) {
      response.setStatus(503);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      // The body is not read, so the connection cannot carry another request.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      response.write(true, ByteBuffer.wrap(BUSY_BODY.getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
    Reading reading = new Reading(request);
    Request.addCompletionListener(request, failure -> reading.finish());
    boolean handled;
    try {
      handled = super.handle(reading, response, callback);
    } catch (Throwable t) {
      reading.finish();
      throw t;
    }
    if (!handled) {
      reading.finish();
    }
    return handled;
  }

  private static boolean hasBody(Request request) {
    return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  /** A request reading its body under the limits; gives its place back once. */
  private final class Reading extends Request.Wrapper {
    private final long admitted = NanoTime.now();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final EndPoint endPoint;
    private final long idleBefore;
    private long bytes;
    private Content.Chunk failure;

    Reading(Request request) {
      super(request);
      // Only HTTP/1 has a connection per request; HTTP/2 streams share theirs.
      HttpVersion version = request.getConnectionMetaData().getHttpVersion();
      this.endPoint =
          version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0
              ? request.getConnectionMetaData().getConnection().getEndPoint()
              : null;
      this.idleBefore = endPoint == null ? 0 : endPoint.getIdleTimeout();
      if (endPoint != null) {
        endPoint.setIdleTimeout(limits.bodyIdleTimeout().toMillis());
      }
    }

    @Override
    public Content.Chunk read() {
      synchronized (this) {
        if (failure != null) {
          return failure;
        }
      }
      Content.Chunk chunk = super.read();
      if (chunk == null) {
        return tooSlow() ? fail() : null;
      }
      if (Content.Chunk.isFailure(chunk)) {
        finish();
        return chunk;
      }
      synchronized (this) {
        bytes += chunk.remaining();
      }
      if (chunk.isLast()) {
        finish();
        return chunk;
      }
      if (tooSlow()) {
        chunk.release();
        return fail();
      }
      return chunk;
    }

    private synchronized boolean tooSlow() {
      long elapsed = NanoTime.since(admitted);
      if (elapsed > limits.bodyDeadline().toNanos()) {
        return true;
      }
      return elapsed > limits.bodyGrace().toNanos()
          && bytes * 1_000_000_000L / elapsed < limits.minBodyRate();
    }

    private Content.Chunk fail() {
      Content.Chunk f;
      synchronized (this) {
        long ms = NanoTime.millisSince(admitted);
        f =
            Content.Chunk.from(
                new TimeoutException(
                    "the request body came too slowly: " + bytes + " bytes in " + ms + " ms"),
                true);
        failure = f;
      }
      finish();
      return f;
    }

    void finish() {
      if (finished.compareAndSet(false, true)) {
        places.release();
        if (endPoint != null) {
          endPoint.setIdleTimeout(idleBefore);
        }
      }
    }
  }
}
