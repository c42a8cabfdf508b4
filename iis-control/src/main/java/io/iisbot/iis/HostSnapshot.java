package io.iisbot.iis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Everything known about one host at one instant. Events are read by window, not snapshotted. */
public record HostSnapshot(
    String host,
    Instant takenAt,
    List<ServiceInfo> services,
    List<AppPool> pools,
    List<Site> sites,
    List<WorkerProcess> workers,
    RequestReading requests) {

  public HostSnapshot {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(takenAt, "takenAt");
    services = List.copyOf(services);
    pools = List.copyOf(pools);
    sites = List.copyOf(sites);
    workers = List.copyOf(workers);
    Objects.requireNonNull(requests, "requests");
  }

  public Optional<ServiceInfo> service(String name) {
    return services.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
  }

  public Optional<AppPool> pool(String name) {
    return pools.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
  }

  public Optional<Site> site(String name) {
    return sites.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
  }
}
