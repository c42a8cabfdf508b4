package io.iisbot.bot.hostile;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Sends fuzz cases to a route over keep-alive HTTP/1.1 on 127.0.0.1 and counts what came back: the
 * statuses, every 5xx, and every answer that reads like a stack trace. Cases are made from a seed
 * and their index alone, so a failing case is reproduced by its number.
 */
final class Fuzz {

  /** One request. {@code contentType} null sends none. */
  record Case(
      String method,
      String pathAndQuery,
      String contentType,
      byte[] body,
      Map<String, String> headers) {}

  /** Makes case {@code index} from the mutator (seeded for that index). */
  @FunctionalInterface
  interface Maker {
    Case make(Mutator m, int index) throws Exception;
  }

  /** What one route's fuzzing found. */
  record Report(
      String route,
      int cases,
      int serverErrors,
      int traces,
      int reconnects,
      Map<Integer, Integer> statuses,
      List<String> examples) {

    boolean clean() {
      return serverErrors == 0 && traces == 0;
    }
  }

  /**
   * Signs of a stack trace or an internal class in an answer: {@code at pkg.Class.method(}, {@code
   * Foo.java:12}, an exception class name.
   */
  static final Pattern TRACE =
      Pattern.compile(
          "(\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\()|(\\.java:\\d+)|([A-Z]\\w*(Exception|Error)\\b)"
              + "|(\\bjava\\.(lang|io|util)\\.)|(org\\.eclipse\\.jetty)|(com\\.fasterxml)");

  static final long SEED = 0x11_5B07_2026L;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Fuzz() {}

  /** Runs {@code cases} cases of one route on {@code threads} connections at once. */
  static Report run(URI base, String route, int cases, int threads, Maker maker) throws Exception {
    AtomicInteger serverErrors = new AtomicInteger();
    AtomicInteger traces = new AtomicInteger();
    AtomicInteger reconnects = new AtomicInteger();
    Map<Integer, Integer> statuses = Collections.synchronizedMap(new TreeMap<>());
    List<String> examples = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    long routeSeed = SEED ^ ((long) route.hashCode() << 20);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      running.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < cases; i = next.getAndIncrement()) {
                  Mutator m = new Mutator(new Random(routeSeed + i * 0x9E3779B97F4A7C15L));
                  Case c = maker.make(m, i);
                  HttpResponse<String> r = null;
                  java.io.IOException closed = null;
                  // A keep-alive connection the server closed after answering an earlier case
                  // without reading its whole body (a 401 before the body, say): the client only
                  // finds out on reuse, and its pool may hold more than one such connection (one
                  // per thread). Each failure drops one; a case closed without an answer on all
                  // attempts is counted as status 0.
                  for (int attempt = 0; r == null && attempt <= threads; attempt++) {
                    try {
                      r = send(base, c);
                    } catch (java.io.IOException e) {
                      closed = e;
                      reconnects.incrementAndGet();
                    }
                  }
                  if (r == null) {
                    statuses.merge(0, 1, Integer::sum);
                    if (examples.size() < 5) {
                      examples.add("case " + i + ": closed without an answer: " + closed);
                    }
                    continue;
                  }
                  statuses.merge(r.statusCode(), 1, Integer::sum);
                  boolean trace = TRACE.matcher(r.body()).find();
                  if (r.statusCode() >= 500 || trace) {
                    if (r.statusCode() >= 500) {
                      serverErrors.incrementAndGet();
                    }
                    if (trace) {
                      traces.incrementAndGet();
                    }
                    if (examples.size() < 5) {
                      examples.add(describe(i, c, r));
                    }
                  }
                }
                return null;
              }));
    }
    pool.shutdown();
    try {
      for (Future<?> f : running) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Report(
        route,
        cases,
        serverErrors.get(),
        traces.get(),
        reconnects.get(),
        new TreeMap<>(statuses),
        examples);
  }

  static HttpResponse<String> send(URI base, Case c) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + c.pathAndQuery()))
            .timeout(Duration.ofSeconds(30))
            .method(
                c.method(),
                c.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(c.body()));
    if (c.contentType() != null) {
      b.header("Content-Type", c.contentType());
    }
    c.headers().forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String describe(int i, Case c, HttpResponse<String> r) {
    String body = r.body();
    return "case "
        + i
        + ": "
        + c.method()
        + " "
        + c.pathAndQuery()
        + " ("
        + c.contentType()
        + ", "
        + (c.body() == null ? 0 : c.body().length)
        + " bytes) -> "
        + r.statusCode()
        + " "
        + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
  }

  // ---- huge and slow bodies over a raw socket ------------------------------------------------

  /**
   * A request whose head says {@code declared} bytes and which then sends {@code sent} bytes as
   * fast as it can; the status line that came back, or 0 when the server closed the connection
   * without one (which is a fine answer to a body it refused to read).
   */
  static int huge(URI base, String path, Map<String, String> headers, long declared, int sent)
      throws Exception {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(head("POST", path, headers, declared).getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) '{');
      try {
        for (int n = 0; n < sent; n += chunk.length) {
          out.write(chunk, 0, Math.min(chunk.length, sent - n));
        }
        out.flush();
      } catch (java.io.IOException refused) {
        // The server stopped reading and closed: what it answered first is still readable.
      }
      return status(s.getInputStream());
    }
  }

  /**
   * A body that trickles: {@code bytesPerPause} bytes then a pause, for at most {@code limit}; the
   * status that came back, or 0 when the server closed the connection.
   */
  static int slow(
      URI base,
      String path,
      Map<String, String> headers,
      int declared,
      Duration pause,
      Duration limit)
      throws Exception {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout((int) limit.plusSeconds(10).toMillis());
      OutputStream out = s.getOutputStream();
      out.write(head("POST", path, headers, declared).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long end = System.nanoTime() + limit.toNanos();
      try {
        for (int n = 0; n < declared && System.nanoTime() < end; n++) {
          out.write('[');
          out.flush();
          if (s.getInputStream().available() > 0) {
            break;
          }
          Thread.sleep(pause.toMillis());
        }
      } catch (java.io.IOException closed) {
        // Refused mid-body: read what it said.
      }
      return status(s.getInputStream());
    }
  }

  private static String head(String method, String path, Map<String, String> headers, long length) {
    StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    b.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n");
    return b.toString();
  }

  private static int status(InputStream in) {
    try {
      byte[] line = new byte[12];
      int n = in.readNBytes(line, 0, 12);
      if (n < 12) {
        return 0;
      }
      return Integer.parseInt(new String(line, 9, 3, StandardCharsets.US_ASCII));
    } catch (Exception closed) {
      return 0;
    }
  }

  // ---- memory ---------------------------------------------------------------------------------

  /** Heap in use after a few collections, in bytes. */
  static long heapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** The closing note's line for one route. */
  static String line(Report r, int operations, long heapDeltaBytes) {
    return "[fuzz] "
        + r.route()
        + ": "
        + r.cases()
        + " cases, "
        + r.serverErrors()
        + " 5xx, "
        + r.traces()
        + " traces, "
        + r.reconnects()
        + " reconnects, "
        + operations
        + " operations, heap "
        + (heapDeltaBytes >= 0 ? "+" : "-")
        + Math.abs(heapDeltaBytes) / (1024 * 1024)
        + " MB; statuses "
        + r.statuses();
  }
}
