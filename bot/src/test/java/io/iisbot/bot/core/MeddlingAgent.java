package io.iisbot.bot.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A raw HTTP/1.1 front on 127.0.0.1 for a real agent: it passes requests through (one per
 * connection) unless a fault is set for a path, in which case it answers as a broken agent would:
 * garbage, JSON of the wrong shape, an endless body, nothing at all, or a progress stream that
 * drops, carries garbage or an oversized event, or goes silent.
 */
final class MeddlingAgent implements AutoCloseable {

  /** What the front does to requests whose path ends with the fault's suffix. */
  enum Fault {
    GARBAGE,
    WRONG_SHAPE,
    OVERSIZED,
    SILENT,
    DROP_STREAM,
    GARBAGE_EVENT,
    HUGE_EVENT,
    SILENT_STREAM
  }

  private final URI agent;
  private final ServerSocket server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "meddling-agent");
            t.setDaemon(true);
            return t;
          });
  private volatile Fault fault;
  private volatile String suffix = "";
  private volatile boolean once;

  /** The {@code Last-Event-ID} of every progress request, "" when it had none. */
  final List<String> lastEventIds = new CopyOnWriteArrayList<>();

  MeddlingAgent(URI agent) throws IOException {
    this.agent = agent;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptAll);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Misbehaves on every request whose path ends with {@code pathSuffix}, until cleared. */
  void always(Fault f, String pathSuffix) {
    this.suffix = pathSuffix;
    this.once = false;
    this.fault = f;
  }

  /** Misbehaves on the next request whose path ends with {@code pathSuffix} only. */
  void once(Fault f, String pathSuffix) {
    this.suffix = pathSuffix;
    this.once = true;
    this.fault = f;
  }

  void clear() {
    this.fault = null;
  }

  private synchronized Fault take(String path) {
    Fault f = fault;
    if (f == null || !path.endsWith(suffix)) {
      return null;
    }
    if (once) {
      fault = null;
    }
    return f;
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try {
        Socket c = server.accept();
        threads.execute(() -> serve(c));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout(60_000);
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      String target = lines[0].split(" ")[1];
      String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
      int length = 0;
      StringBuilder forwarded = new StringBuilder(lines[0]).append("\r\n");
      String lastEventId = "";
      for (int i = 1; i < lines.length; i++) {
        String name = lines[i].substring(0, Math.max(0, lines[i].indexOf(':'))).trim();
        String value = lines[i].substring(lines[i].indexOf(':') + 1).trim();
        switch (name.toLowerCase(Locale.ROOT)) {
          case "content-length" -> length = Integer.parseInt(value);
          case "last-event-id" -> lastEventId = value;
          default -> {}
        }
        if (!name.equalsIgnoreCase("connection")) {
          forwarded.append(lines[i]).append("\r\n");
        }
      }
      forwarded.append("Connection: close\r\n\r\n");
      byte[] body = in.readNBytes(length);
      if (path.endsWith("/progress")) {
        lastEventIds.add(lastEventId);
      }
      OutputStream out = client.getOutputStream();
      Fault f = take(path);
      if (f == null || f == Fault.DROP_STREAM) {
        pass(forwarded.toString(), body, out, f == Fault.DROP_STREAM ? 2 : -1);
        return;
      }
      switch (f) {
        case GARBAGE ->
            answer(out, "application/json", "<html><body>502 Bad Gateway</body></html>");
        case WRONG_SHAPE ->
            answer(out, "application/json", "{\"services\": \"none\", \"pools\": 7}");
        case OVERSIZED -> endless(out);
        case SILENT -> drainUntilClosed(in);
        case GARBAGE_EVENT ->
            stream(out, "id: 1\nevent: progress\ndata: this is not JSON {\n\n", in, false);
        case HUGE_EVENT ->
            stream(
                out,
                "id: 1\nevent: progress\ndata: \"" + "x".repeat(2 * 1024 * 1024) + "\"\n\n",
                in,
                false);
        case SILENT_STREAM -> stream(out, "", in, true);
        default -> throw new IllegalStateException(f.name());
      }
    } catch (IOException e) {
      // the bot hung up: what a broken agent's client does
    }
  }

  /** Passes the request to the agent and its answer back, cut after so many progress events. */
  private void pass(String head, byte[] body, OutputStream out, int cutAfterEvents)
      throws IOException {
    try (Socket up = new Socket(agent.getHost(), agent.getPort())) {
      OutputStream o = up.getOutputStream();
      o.write(head.getBytes(StandardCharsets.ISO_8859_1));
      o.write(body);
      o.flush();
      InputStream i = up.getInputStream();
      byte[] buf = new byte[8192];
      String seen = "";
      int events = 0;
      for (int n = i.read(buf); n >= 0; n = i.read(buf)) {
        out.write(buf, 0, n);
        out.flush();
        if (cutAfterEvents > 0) {
          seen = seen + new String(buf, 0, n, StandardCharsets.UTF_8);
          events = count(seen, "event: progress");
          if (events >= cutAfterEvents) {
            return; // dropped mid-stream
          }
        }
      }
    }
  }

  private static int count(String text, String word) {
    int n = 0;
    for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      n++;
    }
    return n;
  }

  private static void answer(OutputStream out, String type, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: "
                + type
                + "\r\nContent-Length: "
                + b.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(b);
    out.flush();
  }

  /** 64 MiB announced and sent until the bot stops reading. */
  private static void endless(OutputStream out) throws IOException {
    long size = 64L * 1024 * 1024;
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + size
                + "\r\nConnection: close\r\n\r\n{\"host\": \"")
            .getBytes(StandardCharsets.ISO_8859_1));
    byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
    for (long sent = 0; sent < size; sent += chunk.length) {
      out.write(chunk);
    }
  }

  /** An event stream's head, then {@code events}, then silence until the bot hangs up. */
  private static void stream(OutputStream out, String events, InputStream in, boolean silent)
      throws IOException {
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(events.getBytes(StandardCharsets.UTF_8));
    out.flush();
    if (silent) {
      drainUntilClosed(in);
    }
  }

  private static void drainUntilClosed(InputStream in) throws IOException {
    try {
      while (in.read() >= 0) {
        // nothing more comes from a bot waiting for an answer; wait for it to give up
      }
    } catch (SocketTimeoutException e) {
      // a minute of silence is enough for any test
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    for (int c = in.read(); c >= 0; c = in.read()) {
      b.write(c);
      state =
          (c == '\r' && (state == 0 || state == 2))
              ? state + 1
              : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : (c == '\r' ? 1 : 0);
      if (state == 4) {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing is best effort in a test
    }
    threads.shutdownNow();
  }
}
