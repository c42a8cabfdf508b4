package io.iisbot.bot.lb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.config.LoadBalancer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A balancer with an HTTP API (F5 iControl REST, NGINX Plus, cloud APIs): the configured requests,
 * with {@code {host}} replaced by the server's name. It cannot count a backend's servers, so it has
 * no capacity guard. Thread-safe.
 */
final class HttpBalancer implements Balancer {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoadBalancer.Http config;
  private final HttpClient http;

  HttpBalancer(LoadBalancer.Http config, HttpClient http) {
    this.config = config;
    this.http = http;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public List<Backend> backendsOf(String server) {
    return List.of();
  }

  @Override
  public void drain(String server) {
    send(config.drain(), server, "drain");
  }

  @Override
  public void restore(String server) {
    send(config.restore(), server, "restore");
  }

  @Override
  public OptionalInt connections(String server) {
    if (config.connections().isEmpty()) {
      return OptionalInt.empty();
    }
    LoadBalancer.Connections c = config.connections().get();
    String body =
        send(
            "GET",
            fill(c.url(), server),
            Optional.empty(),
            c.headers(),
            server,
            "read the connections of");
    try {
      JsonNode n = JSON.readTree(body).at(c.jsonPointer());
      if (!n.isNumber() && !(n.isTextual() && n.asText().matches("\\d+"))) {
        throw new BalancerException(
            config.name() + " answered no number at " + c.jsonPointer() + " for " + server);
      }
      return OptionalInt.of(n.asInt());
    } catch (IOException e) {
      throw new BalancerException(config.name() + " answered no JSON for " + server, e);
    }
  }

  @Override
  public Optional<Boolean> up(String server) {
    return Optional.empty();
  }

  private void send(LoadBalancer.Request r, String server, String what) {
    send(
        r.method(),
        fill(r.url(), server),
        r.body().map(b -> fill(b, server)),
        r.headers(),
        server,
        what);
  }

  private String send(
      String method,
      String url,
      Optional<String> body,
      Map<String, String> headers,
      String server,
      String what) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .method(
                method,
                body.map(HttpRequest.BodyPublishers::ofString)
                    .orElse(HttpRequest.BodyPublishers.noBody()));
    if (body.isPresent() && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach((k, v) -> b.header(k, fill(v, server)));
    HttpResponse<String> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BalancerException(
          "cannot reach load balancer " + config.name() + " to " + what + " " + server + ": " + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BalancerException("interrupted while talking to " + config.name(), e);
    }
    if (response.statusCode() / 100 != 2) {
      // The URL and status only: the answer may echo the request's credentials.
      throw new BalancerException(
          config.name()
              + " refused to "
              + what
              + " "
              + server
              + ": "
              + method
              + " "
              + URI.create(url).getPath()
              + " answered "
              + response.statusCode());
    }
    return response.body();
  }

  private static String fill(String template, String server) {
    return template.replace("{host}", server);
  }
}
