package io.iisbot.iis.agent.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Many connections that send their headers, then their body a byte at a time: what it took to make
 * a server unresponsive. One thread writes for all of them.
 */
final class SlowBodies implements AutoCloseable {

  private final List<Socket> all = new ArrayList<>();
  private final Set<Socket> cut = ConcurrentHashMap.newKeySet();
  private final Map<Socket, String> answers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService dribbler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "slow-bodies");
            t.setDaemon(true);
            return t;
          });

  /**
   * Opens {@code count} connections to {@code port}, each sending {@code head.apply(i)} (request
   * line and headers, ending in a blank line) and then a byte of body every {@code everyMs}.
   */
  SlowBodies(int port, int count, IntFunction<String> head, long everyMs) throws IOException {
    for (int i = 0; i < count; i++) {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
      s.setSoTimeout(20);
      s.getOutputStream().write(head.apply(i).getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      all.add(s);
    }
    dribbler.scheduleWithFixedDelay(this::dribble, everyMs, everyMs, TimeUnit.MILLISECONDS);
  }

  private void dribble() {
    for (Socket s : all) {
      if (cut.contains(s)) {
        continue;
      }
      try {
        s.getOutputStream().write(' ');
        s.getOutputStream().flush();
      } catch (IOException closedByTheServer) {
        cut.add(s);
      }
    }
  }

  /** How many connections got an answer starting with {@code statusLine} so far. */
  int answered(String statusLine) {
    return (int) all.stream().map(this::answer).filter(a -> a.startsWith(statusLine)).count();
  }

  /** How many connections the server has answered or closed so far. */
  int ended() {
    return (int) all.stream().map(this::answer).filter(a -> !a.isEmpty()).count();
  }

  /** The start of what the server sent on {@code s}, "closed", or "" while it said nothing. */
  private String answer(Socket s) {
    String known = answers.get(s);
    if (known != null) {
      return known;
    }
    try {
      byte[] b = new byte[32];
      int n = s.getInputStream().read(b);
      String got = n < 0 ? "closed" : new String(b, 0, n, StandardCharsets.ISO_8859_1);
      answers.put(s, got);
      return got;
    } catch (SocketTimeoutException nothingYet) {
      return "";
    } catch (IOException reset) {
      answers.put(s, "closed");
      return "closed";
    }
  }

  @Override
  public void close() {
    dribbler.shutdownNow();
    for (Socket s : all) {
      try {
        s.close();
      } catch (IOException alreadyGone) {
        // nothing left to close
      }
    }
  }
}
