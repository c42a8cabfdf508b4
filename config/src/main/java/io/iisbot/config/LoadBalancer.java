package io.iisbot.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A load balancer that hosts sit behind ({@code loadBalancers:}): the bot takes a host out of it
 * before stopping it and puts it back after starting it. Immutable.
 */
public sealed interface LoadBalancer permits LoadBalancer.Haproxy, LoadBalancer.Http {

  /** How the configuration and every message name it ({@code edge}). */
  String name();

  /** How long to wait for a drained host's connections to reach zero (default 5m). */
  Duration drainDeadline();

  /** How long to wait for a restored host to be reported UP (default 2m). */
  Duration upDeadline();

  /**
   * HAProxy through its runtime API (the stats socket at {@code level admin}).
   *
   * @param runtimeApi {@code tcp://host:port} or {@code unix:/path}
   * @param backends the backends that hold the hosts; a host is in those that list its server
   * @param minInService never leave fewer servers than this UP in a backend
   */
  record Haproxy(
      String name,
      URI runtimeApi,
      List<String> backends,
      MinInService minInService,
      Duration drainDeadline,
      Duration upDeadline)
      implements LoadBalancer {

    public Haproxy {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(runtimeApi, "runtimeApi");
      Objects.requireNonNull(minInService, "minInService");
      Objects.requireNonNull(drainDeadline, "drainDeadline");
      Objects.requireNonNull(upDeadline, "upDeadline");
      backends = List.copyOf(backends);
      Checks.require("name", Checks.groupName(name));
      Checks.require("runtimeApi", runtimeApiProblem(runtimeApi.toString()));
      if (backends.isEmpty()) {
        throw new IllegalArgumentException("backends: at least one backend is needed");
      }
    }

    /** Why {@code s} is not a runtime API address, or null. */
    static String runtimeApiProblem(String s) {
      if (s.startsWith("unix:")) {
        return s.length() > "unix:".length() ? null : "unix: needs a socket path (unix:/path)";
      }
      if (s.startsWith("tcp://")) {
        try {
          URI u = URI.create(s);
          return u.getHost() != null && u.getPort() > 0
              ? null
              : "tcp:// needs a host and a port, was " + Checks.quote(s);
        } catch (IllegalArgumentException e) {
          return "not an address: " + Checks.quote(s);
        }
      }
      return "must be tcp://host:port or unix:/path, was " + Checks.quote(s);
    }
  }

  /**
   * Any balancer with an HTTP API (F5 iControl REST, NGINX Plus, cloud APIs): one request drains a
   * host, one restores it, one reads its connections. {@code {host}} in urls, bodies and headers
   * becomes the host's server name there.
   *
   * @param connections reads the host's current connections; absent: drained hosts are not waited
   *     for
   */
  record Http(
      String name,
      Request drain,
      Request restore,
      Optional<Connections> connections,
      Duration drainDeadline,
      Duration upDeadline)
      implements LoadBalancer {

    public Http {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(drain, "drain");
      Objects.requireNonNull(restore, "restore");
      Objects.requireNonNull(connections, "connections");
      Objects.requireNonNull(drainDeadline, "drainDeadline");
      Objects.requireNonNull(upDeadline, "upDeadline");
      Checks.require("name", Checks.groupName(name));
    }
  }

  /** One templated HTTP request; headers may hold secrets and are never shown. */
  record Request(String method, String url, Optional<String> body, Map<String, String> headers) {

    public Request {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(body, "body");
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      if (!method.matches("[A-Z]{3,7}")) {
        throw new IllegalArgumentException(
            "method: must be an HTTP method such as PATCH, was " + Checks.quote(method));
      }
      Checks.require("url", Checks.httpUrl(url.replace("{host}", "host")));
    }

    @Override
    public String toString() {
      return method + " " + url;
    }
  }

  /**
   * Reads a host's current connections: the number at {@code jsonPointer} in the answer to a GET of
   * {@code url}.
   */
  record Connections(String url, String jsonPointer, Map<String, String> headers) {

    public Connections {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(jsonPointer, "jsonPointer");
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      Checks.require("url", Checks.httpUrl(url.replace("{host}", "host")));
      if (!jsonPointer.startsWith("/")) {
        throw new IllegalArgumentException(
            "jsonPointer: must start with /, was " + Checks.quote(jsonPointer));
      }
    }
  }

  /**
   * The fewest servers a backend must keep UP: a count, or a percentage of its servers (rounded
   * up).
   */
  record MinInService(int value, boolean percent) {

    public static final MinInService NONE = new MinInService(0, false);

    public MinInService {
      if (value < 0 || (percent && value > 100)) {
        throw new IllegalArgumentException(
            "minInService: must be a number of servers or a percentage up to 100%, was "
                + value
                + (percent ? "%" : ""));
      }
    }

    /** Reads {@code 1} or {@code 50%}. */
    public static MinInService parse(String text) {
      String t = text.strip();
      try {
        if (t.endsWith("%")) {
          return new MinInService(Integer.parseInt(t.substring(0, t.length() - 1).strip()), true);
        }
        return new MinInService(Integer.parseInt(t), false);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "minInService: must be a number such as 1 or a percentage such as 50%, was "
                + Checks.quote(text));
      }
    }

    /** How many of {@code servers} must stay UP. */
    public int of(int servers) {
      return percent ? (servers * value + 99) / 100 : value;
    }

    @Override
    public String toString() {
      return value + (percent ? "%" : "");
    }
  }
}
