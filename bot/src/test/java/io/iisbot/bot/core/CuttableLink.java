package io.iisbot.bot.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP link on 127.0.0.1 in front of an agent, which a test cuts (every connection reset, new ones
 * refused, as when the agent's process dies) and restores on the same port, to the same agent or to
 * another (an agent that restarted and forgot its operations).
 */
public final class CuttableLink implements AutoCloseable {

  private final int port;
  private final ExecutorService pumps =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "cuttable-link");
            t.setDaemon(true);
            return t;
          });

  /**
   * Guards {@link #server} and {@link #open}, so no connection accepted around a cut outlives it.
   */
  private final Object lock = new Object();

  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile URI target;
  private ServerSocket server;

  public CuttableLink(URI target) throws IOException {
    this.target = target;
    this.server = listen(0);
    this.port = server.getLocalPort();
    accept(server);
  }

  /** Where the bot reaches the agent through this link. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Resets every connection and refuses new ones. */
  public void cut() {
    synchronized (lock) {
      try {
        server.close();
      } catch (IOException e) {
        // closing is all that matters; a close that fails leaves nothing open to refuse
      }
      for (Socket s : open) {
        reset(s);
      }
      open.clear();
    }
  }

  /** Accepts connections again on the same port, to {@code to}. */
  public void restore(URI to) throws IOException {
    this.target = to;
    synchronized (lock) {
      this.server = listen(port);
      accept(server);
    }
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return s;
  }

  private void accept(ServerSocket s) {
    pumps.execute(
        () -> {
          while (!s.isClosed()) {
            try {
              Socket client = s.accept();
              Socket agent;
              try {
                agent = new Socket(target.getHost(), target.getPort());
              } catch (IOException agentDown) {
                reset(client); // as a dead agent's host would: this one refused, the next tried
                continue;
              }
              synchronized (lock) {
                if (s.isClosed()) { // cut while this one was being connected: it goes too
                  reset(client);
                  reset(agent);
                  return;
                }
                open.add(client);
                open.add(agent);
              }
              pumps.execute(() -> pump(client, agent));
              pumps.execute(() -> pump(agent, client));
            } catch (IOException e) {
              return; // cut
            }
          }
        });
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[8192];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away; the other goes with it below
    } finally {
      reset(from);
      reset(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    cut();
    pumps.shutdownNow();
  }
}
