package io.iisbot.bot.lb;

import com.sun.net.httpserver.HttpServer;
import io.iisbot.config.LoadBalancer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real HAProxy (Debian's /usr/sbin/haproxy, installed by .ci/install-haproxy) on 127.0.0.1 for
 * tests: a runtime API on a TCP port at level admin, a frontend, and backend {@code web} whose
 * servers are tiny HTTP listeners here, health-checked every 100 ms. A server's listener answers
 * 200 while its {@code healthy} says so and 503 otherwise; {@code /slow} holds its answer until
 * {@link #release()}.
 */
public final class Haproxy implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/sbin/haproxy");

  private final Process process;
  private final List<HttpServer> servers = new ArrayList<>();
  private final CountDownLatch slow = new CountDownLatch(1);
  public final int apiPort;
  public final int frontendPort;
  private final Path dir;

  /**
   * @param healthy each server's name and whether its listener answers 200 now
   */
  public Haproxy(Path dir, Map<String, BooleanSupplier> healthy) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY + " is missing: run .ci/install-haproxy (the build runs it before the tests)");
    }
    this.dir = dir;
    apiPort = freePort();
    frontendPort = freePort();
    StringBuilder cfg =
        new StringBuilder(
            """
            global
              stats socket ipv4@127.0.0.1:%d level admin
              stats socket %s level admin
              stats timeout 10s
            defaults
              mode http
              timeout connect 1s
              timeout client 30s
              timeout server 30s
              option http-server-close
            frontend fe
              bind 127.0.0.1:%d
              default_backend web
            backend web
              balance first
              option httpchk GET /health
            """
                .formatted(apiPort, dir.resolve("admin.sock"), frontendPort));
    for (var e : healthy.entrySet()) {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      BooleanSupplier ok = e.getValue();
      s.createContext(
          "/",
          x -> {
            if (x.getRequestURI().getPath().equals("/slow")) {
              try {
                slow.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
              }
            }
            int code = ok.getAsBoolean() ? 200 : 503;
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(code, body.length);
            try (OutputStream out = x.getResponseBody()) {
              out.write(body);
            }
          });
      s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
      s.start();
      servers.add(s);
      cfg.append("  server ")
          .append(e.getKey())
          .append(" 127.0.0.1:")
          .append(s.getAddress().getPort())
          .append(" check inter 100ms fall 1 rise 1\n");
    }
    Path file = Files.writeString(dir.resolve("haproxy.cfg"), cfg.toString());
    process =
        new ProcessBuilder(BINARY.toString(), "-db", "-f", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("haproxy.log").toFile())
            .start();
    awaitApi();
  }

  /** A balancer config for this HAProxy. */
  public LoadBalancer.Haproxy config(String name, String minInService) {
    return new LoadBalancer.Haproxy(
        name,
        URI.create("tcp://127.0.0.1:" + apiPort),
        List.of("web"),
        LoadBalancer.MinInService.parse(minInService),
        Duration.ofSeconds(20),
        Duration.ofSeconds(20));
  }

  /** The runtime API's unix socket, {@code unix:/path}. */
  public URI unixSocket() {
    return URI.create("unix:" + dir.resolve("admin.sock"));
  }

  /** Runs one runtime API command. */
  public String command(String line) {
    return new HaproxyBalancer(config("probe", "0")).command(line);
  }

  /** Each server of backend web and its status, as {@code show stat} says now. */
  public Map<String, Balancer.Server> servers() {
    Map<String, Balancer.Server> out = new LinkedHashMap<>();
    for (Balancer.Server s : new HaproxyBalancer(config("probe", "0")).stat().get(0).servers()) {
      out.put(s.name(), s);
    }
    return out;
  }

  /** How many servers of web are UP now. */
  public int up() {
    return (int) servers().values().stream().filter(s -> s.status().startsWith("UP")).count();
  }

  /**
   * Opens a request through the frontend that the first server in service holds until {@link
   * #release()}; returns its socket (close it to end it).
   */
  public Socket slowRequest() throws IOException {
    Socket s = new Socket("127.0.0.1", frontendPort);
    s.getOutputStream()
        .write("GET /slow HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /** Lets every held {@code /slow} request answer. */
  public void release() {
    slow.countDown();
  }

  /** Waits (polling the API) until {@code condition} holds, or fails after 20 s. */
  public void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant until = Instant.now().plusSeconds(20);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("timed out waiting until " + what + "; servers: " + servers());
      }
      Thread.onSpinWait();
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private void awaitApi() throws Exception {
    Instant until = Instant.now().plusSeconds(10);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", apiPort)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive() || Instant.now().isAfter(until)) {
          throw new IllegalStateException(
              "haproxy did not start: " + Files.readString(dir.resolve("haproxy.log")), e);
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Reads a socket's whole answer. */
  public static String readAll(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    release();
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    servers.forEach(s -> s.stop(0));
  }
}
