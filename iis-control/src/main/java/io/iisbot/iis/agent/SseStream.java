package io.iisbot.iis.agent;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One Server-Sent Events connection, read with a timeout on every wait: the HTTP client pushes
 * lines into a queue and the caller polls it, so a stream that goes quiet ends in a {@link
 * ConnectionFailure} instead of a read that blocks forever. An event counts only once its closing
 * blank line arrived, so a connection cut mid-event yields nothing of that event. What is read is
 * bounded: a line or an event over {@link AgentClient#MAX_EVENT_BYTES} ends the stream with {@link
 * AnswerTooLarge}, and no more is taken from the connection while {@link #MAX_QUEUED_BYTES} wait in
 * the queue. One reader thread; {@link #close()} may be called from any.
 */
final class SseStream implements AutoCloseable {

  /** How much read text may wait for the reader before the stream stops taking more. */
  static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;

  /** How much of an error answer's body is read. */
  static final int MAX_ERROR_BODY = 64 * 1024;

  /** A dispatched event; {@code id} is -1 when it had none. */
  record Event(String event, long id, String data) {}

  private sealed interface Item permits Status, Line, End, Failed {}

  private record Status(int code) implements Item {}

  private record Line(String text, int bytes) implements Item {}

  private record End() implements Item {}

  private record Failed(Throwable error) implements Item {}

  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final Duration readTimeout;
  private final int maxLine;
  private final CompletableFuture<HttpResponse<Void>> response;
  private final Lines lines = new Lines();
  private volatile boolean closed;
  private boolean ended;

  private SseStream(HttpClient http, HttpRequest request, Duration readTimeout, int maxLine) {
    this.readTimeout = readTimeout;
    this.maxLine = maxLine;
    HttpResponse.BodyHandler<Void> handler =
        info -> {
          queue.add(new Status(info.statusCode()));
          return HttpResponse.BodySubscribers.fromSubscriber(lines);
        };
    this.response = http.sendAsync(request, handler);
    response.whenComplete(
        (r, error) -> {
          if (error != null) {
            queue.add(new Failed(error));
          }
        });
  }

  /**
   * Splits the body into lines (at \n, \r or \r\n, as the SSE format allows), each up to the limit,
   * and asks the connection for more only while the queue has room.
   */
  private final class Lines implements Flow.Subscriber<List<ByteBuffer>> {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private boolean afterCr;
    private boolean failed;
    private long queued;
    private boolean paused;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      synchronized (this) {
        subscription = s;
      }
      if (closed) {
        s.cancel();
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        while (b.hasRemaining() && !failed) {
          byte c = b.get();
          if (c == '\n' && afterCr) {
            afterCr = false;
            continue;
          }
          afterCr = c == '\r';
          if (c == '\n' || c == '\r') {
            emit();
          } else if (line.size() >= maxLine) {
            failed = true;
            subscription.cancel();
            queue.add(new Failed(new AnswerTooLarge("a line of the progress stream", maxLine)));
          } else {
            line.write(c);
          }
        }
      }
      if (failed) {
        return;
      }
      synchronized (this) {
        if (queued < MAX_QUEUED_BYTES) {
          subscription.request(1);
        } else {
          paused = true;
        }
      }
    }

    private void emit() {
      int n = line.size();
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      synchronized (this) {
        queued += n;
      }
      queue.add(new Line(text, n));
    }

    /** The reader took a line: room again, perhaps. */
    void taken(int bytes) {
      synchronized (this) {
        queued -= bytes;
        if (paused && queued < MAX_QUEUED_BYTES && !closed) {
          paused = false;
          subscription.request(1);
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!failed) {
        queue.add(new Failed(t));
      }
    }

    @Override
    public void onComplete() {
      if (failed) {
        return;
      }
      if (line.size() > 0) {
        emit();
      }
      queue.add(new End());
    }

    void cancel() {
      Flow.Subscription s;
      synchronized (this) {
        s = subscription;
      }
      if (s != null) {
        s.cancel();
      }
    }
  }

  /** Sends the request; nothing is read yet. */
  static SseStream open(HttpClient http, HttpRequest request, Duration readTimeout) {
    return new SseStream(http, request, readTimeout, AgentClient.MAX_EVENT_BYTES);
  }

  /** Waits for the response's status line. */
  int status() throws ConnectionFailure, InterruptedException, AnswerTooLarge {
    Item item = next();
    if (item instanceof Status s) {
      return s.code();
    }
    throw failure(item);
  }

  /** The rest of the body as text (its first 64 KiB), for an error answer. */
  String body() throws ConnectionFailure, InterruptedException, AnswerTooLarge {
    StringBuilder b = new StringBuilder();
    for (Item item = next(); !(item instanceof End); item = next()) {
      if (item instanceof Line l) {
        b.append(l.text()).append('\n');
        if (b.length() > MAX_ERROR_BODY) {
          break;
        }
      } else {
        throw failure(item);
      }
    }
    return b.toString();
  }

  /**
   * The next complete event, or null when the stream ended.
   *
   * @throws ConnectionFailure when it broke or stayed silent longer than the read timeout
   * @throws AnswerTooLarge when a line or an event is longer than the limit
   */
  Event nextEvent() throws ConnectionFailure, InterruptedException, AnswerTooLarge {
    String event = null;
    long id = -1;
    StringBuilder data = null;
    while (true) {
      Item item = next();
      if (item instanceof End) {
        return null;
      }
      if (!(item instanceof Line l)) {
        throw failure(item);
      }
      String line = l.text();
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(event == null ? "message" : event, id, data.toString());
        }
        event = null;
        id = -1;
        continue;
      }
      if (line.startsWith(":")) {
        continue; // a comment: the agent's heartbeat
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> event = value;
        case "data" -> {
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
          if (data.length() > maxLine) {
            close();
            throw new AnswerTooLarge("an event of the progress stream", maxLine);
          }
        }
        case "id" -> id = parseId(value);
        default -> {
          // "retry" and unknown fields: the format says to ignore them.
        }
      }
    }
  }

  private Item next() throws ConnectionFailure, InterruptedException, AnswerTooLarge {
    if (ended) {
      return new End();
    }
    Item item = queue.poll(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    if (item instanceof Line l) {
      lines.taken(l.bytes());
    }
    if (item == null) {
      close();
      throw new ConnectionFailure(
          ConnectionFailure.Reason.TIMEOUT,
          new HttpTimeoutException("nothing read for " + readTimeout));
    }
    if (item instanceof End || item instanceof Failed) {
      ended = true;
    }
    return item;
  }

  private static ConnectionFailure failure(Item item) throws AnswerTooLarge {
    if (item instanceof Failed f) {
      if (f.error() instanceof AnswerTooLarge large) {
        throw large;
      }
      return ConnectionFailure.of(f.error());
    }
    return new ConnectionFailure(
        ConnectionFailure.Reason.CLOSED,
        new java.io.EOFException("the stream ended unexpectedly: " + item));
  }

  private static long parseId(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1; // not one of the agent's numbered events; it cannot be resumed from
    }
  }

  /** Drops the connection; safe to call more than once, from any thread. */
  @Override
  public void close() {
    closed = true;
    lines.cancel();
    response.cancel(true);
  }
}
