package io.iisbot.iis.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * A TCP proxy on 127.0.0.1 that breaks connections on purpose: per connection (numbered from 1) it
 * can pass the answer through, cut the connection after so many bytes of the answer (a dropped
 * connection, as the client sees one), or forward that many and then go silent with the connection
 * left open (a stalled one). It records what the client sent on each connection.
 */
final class TcpProxy implements AutoCloseable {

  /** What happens to the answer on one connection; {@code afterBytes} of it get through first. */
  record Rule(long afterBytes, boolean stall) {
    static final Rule PASS = new Rule(Long.MAX_VALUE, false);

    static Rule cutAfter(long bytes) {
      return new Rule(bytes, false);
    }

    static Rule stallAfter(long bytes) {
      return new Rule(bytes, true);
    }
  }

  /** Where a request line begins; a body before it need not end with a line break. */
  private static final Pattern REQUEST_START =
      Pattern.compile("(?=(GET|POST|PUT|DELETE|HEAD) /\\S* HTTP/1\\.1\\r\\n)");

  private final int target;
  private final IntFunction<Rule> rules;
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<ByteArrayOutputStream> sent = new CopyOnWriteArrayList<>();

  TcpProxy(int targetPort, IntFunction<Rule> ruleForConnection) throws IOException {
    this.target = targetPort;
    this.rules = ruleForConnection;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  int connections() {
    return sent.size();
  }

  /** Each request the client sent so far, in order, as text (a kept-alive connection has many). */
  List<String> requests() {
    List<String> out = new ArrayList<>();
    for (ByteArrayOutputStream b : sent) {
      String text;
      synchronized (b) {
        text = b.toString(StandardCharsets.UTF_8);
      }
      for (String request : REQUEST_START.split(text)) {
        if (!request.isEmpty()) {
          out.add(request);
        }
      }
    }
    return out;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
        sockets.add(client);
        sockets.add(upstream);
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        sent.add(record);
        Rule rule = rules.apply(sent.size());
        daemon(() -> pump(client, upstream, record), "tcp-proxy-up");
        daemon(() -> answer(upstream, client, rule), "tcp-proxy-down");
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(Socket from, Socket to, ByteArrayOutputStream record) {
    byte[] buf = new byte[8192];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        synchronized (record) {
          record.write(buf, 0, n);
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away: the connection is over either way
    }
  }

  private static void answer(Socket upstream, Socket client, Rule rule) {
    byte[] buf = new byte[8192];
    long left = rule.afterBytes();
    try {
      InputStream in = upstream.getInputStream();
      OutputStream out = client.getOutputStream();
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        int pass = (int) Math.min(n, left);
        out.write(buf, 0, pass);
        out.flush();
        left -= pass;
        if (left == 0) {
          if (!rule.stall()) {
            client.close();
            upstream.close();
          }
          return; // a stalled connection stays open, silent, until the proxy closes
        }
      }
      client.shutdownOutput();
    } catch (IOException e) {
      // one side went away: the connection is over either way
    }
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
