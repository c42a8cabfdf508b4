package io.iisbot.iis.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.iisbot.iis.sim.SiteSim.HttpAnswer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * The simulated sites' HTTP: one JDK server per site on an ephemeral loopback port, all sharing one
 * small pool of daemon threads. Each request asks the host what the site answers now, so the answer
 * follows the simulation's clock, virtual or real.
 */
final class SimHttp implements AutoCloseable {

  private final List<HttpServer> servers = new ArrayList<>();
  private final ExecutorService threads =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "iisbot-sim-http");
            t.setDaemon(true);
            return t;
          });

  /**
   * Starts serving each site.
   *
   * @param answer what a site answers to a path
   * @param port told each site's port once its server listens
   */
  SimHttp(
      List<String> sites,
      BiFunction<String, String, HttpAnswer> answer,
      java.util.function.ObjIntConsumer<String> port) {
    try {
      for (String site : sites) {
        HttpServer server =
            HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(
            "/", exchange -> respond(exchange, answer.apply(site, path(exchange))));
        server.setExecutor(threads);
        server.start();
        servers.add(server);
        port.accept(site, server.getAddress().getPort());
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot serve the simulated sites' HTTP on loopback", e);
    }
  }

  private static String path(HttpExchange exchange) {
    String p = exchange.getRequestURI().getRawPath();
    return p == null || p.isEmpty() ? "/" : p;
  }

  private static void respond(HttpExchange exchange, HttpAnswer a) throws IOException {
    try (exchange) {
      byte[] body =
          (a.status() == 503 ? "Service Unavailable" : a.status() == 200 ? "OK" : "Found")
              .getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      if (a.location() != null) {
        exchange.getResponseHeaders().set("Location", a.location());
      }
      exchange.sendResponseHeaders(a.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
    threads.shutdownNow();
  }
}
