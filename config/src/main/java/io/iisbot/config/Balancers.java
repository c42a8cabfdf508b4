package io.iisbot.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code loadBalancers:}, reporting each problem with its key path. Not thread-safe. */
final class Balancers {

  static final Duration DEFAULT_DRAIN = Duration.ofMinutes(5);
  static final Duration DEFAULT_UP = Duration.ofMinutes(2);

  private final Values v;
  private final Set<String> names = new LinkedHashSet<>();

  Balancers(Values v) {
    this.v = v;
  }

  List<LoadBalancer> read(Node n) {
    List<LoadBalancer> out = new ArrayList<>();
    for (Node b : n.list()) {
      LoadBalancer lb = one(b, names);
      if (lb != null) {
        out.add(lb);
      }
    }
    return out;
  }

  /** Every balancer name given, including those of balancers with problems. */
  Set<String> names() {
    return names;
  }

  private LoadBalancer one(Node b, Set<String> names) {
    if (!b.mapping(
        Values.keys(
            "name",
            "type",
            "runtimeApi",
            "backends",
            "minInService",
            "drain",
            "restore",
            "connections",
            "drainDeadline",
            "upDeadline"))) {
      return null;
    }
    int before = v.problemCount();
    String name = b.get("name").required();
    if (name != null && Values.report(b.get("name"), Checks.groupName(name)) && !names.add(name)) {
      b.get("name").problem(Checks.quote(name) + " is used twice");
    }
    Duration drainDeadline = v.duration(b.get("drainDeadline"), DEFAULT_DRAIN);
    Duration upDeadline = v.duration(b.get("upDeadline"), DEFAULT_UP);
    String type = b.get("type").required();
    if (type == null) {
      return null;
    }
    switch (type) {
      case "haproxy" -> {
        for (String k : List.of("drain", "restore", "connections")) {
          onlyFor(b.get(k), "http");
        }
        String api = b.get("runtimeApi").required();
        if (api != null) {
          Values.report(b.get("runtimeApi"), LoadBalancer.Haproxy.runtimeApiProblem(api.strip()));
        }
        List<String> backends = new ArrayList<>();
        for (Node x : b.get("backends").list()) {
          String backend = x.required();
          if (backend != null) {
            backends.add(backend.strip());
          }
        }
        if (backends.isEmpty() && b.get("backends").isList()) {
          b.get("backends").problem("at least one backend is needed");
        } else if (!b.get("backends").present()) {
          b.get("backends").problem("missing");
        }
        LoadBalancer.MinInService min = LoadBalancer.MinInService.NONE;
        String m = b.get("minInService").text();
        if (m != null) {
          try {
            min = LoadBalancer.MinInService.parse(m);
          } catch (IllegalArgumentException e) {
            b.get("minInService").problem(e.getMessage().replaceFirst("^minInService: ", ""));
          }
        }
        if (v.problemCount() > before) {
          return null;
        }
        LoadBalancer.MinInService minimum = min;
        return v.build(
            b.path(),
            () ->
                new LoadBalancer.Haproxy(
                    name, URI.create(api.strip()), backends, minimum, drainDeadline, upDeadline));
      }
      case "http" -> {
        onlyFor(b.get("runtimeApi"), "haproxy");
        onlyFor(b.get("backends"), "haproxy");
        onlyFor(b.get("minInService"), "haproxy");
        LoadBalancer.Request drain = request(b.get("drain"));
        LoadBalancer.Request restore = request(b.get("restore"));
        Optional<LoadBalancer.Connections> connections = connections(b.get("connections"));
        if (v.problemCount() > before) {
          return null;
        }
        return v.build(
            b.path(),
            () ->
                new LoadBalancer.Http(
                    name, drain, restore, connections, drainDeadline, upDeadline));
      }
      default -> {
        b.get("type").problem("must be haproxy or http, was " + Checks.quote(type));
        return null;
      }
    }
  }

  private LoadBalancer.Request request(Node r) {
    if (!r.present()) {
      r.problem("missing");
      return null;
    }
    if (!r.mapping(
        Values.keys("method", "url", "body", "headers", "authorizationEnv", "authorizationFile"))) {
      return null;
    }
    int before = v.problemCount();
    String method = r.get("method").text("PATCH").strip().toUpperCase(java.util.Locale.ROOT);
    String url = r.get("url").required();
    if (url != null) {
      Values.report(r.get("url"), Checks.httpUrl(url.strip().replace("{host}", "host")));
    }
    Optional<String> body = Optional.ofNullable(r.get("body").text());
    Map<String, String> headers = headers(r);
    if (v.problemCount() > before) {
      return null;
    }
    return v.build(r.path(), () -> new LoadBalancer.Request(method, url.strip(), body, headers));
  }

  private Optional<LoadBalancer.Connections> connections(Node c) {
    if (!c.present()) {
      return Optional.empty();
    }
    if (!c.mapping(
        Values.keys("url", "jsonPointer", "headers", "authorizationEnv", "authorizationFile"))) {
      return Optional.empty();
    }
    int before = v.problemCount();
    String url = c.get("url").required();
    if (url != null) {
      Values.report(c.get("url"), Checks.httpUrl(url.strip().replace("{host}", "host")));
    }
    String pointer = c.get("jsonPointer").required();
    if (pointer != null && !pointer.startsWith("/")) {
      c.get("jsonPointer").problem("must start with /, was " + Checks.quote(pointer));
    }
    Map<String, String> headers = headers(c);
    if (v.problemCount() > before) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        v.build(c.path(), () -> new LoadBalancer.Connections(url.strip(), pointer, headers)));
  }

  /**
   * {@code headers:} as written, plus an Authorization header read from the environment or a file.
   */
  private Map<String, String> headers(Node r) {
    Map<String, String> headers = new LinkedHashMap<>();
    r.get("headers")
        .entries("a mapping of header name to value")
        .forEach(
            (k, val) -> {
              String t = val.text();
              if (t != null) {
                headers.put(k, t);
              }
            });
    Secret auth = v.secret(r, "authorization", false, 1);
    if (auth != null) {
      headers.put("Authorization", auth.text());
    }
    return headers;
  }

  private static void onlyFor(Node n, String type) {
    if (n.present()) {
      n.problem("only for type " + type);
    }
  }
}
