package io.iisbot.iis.engine;

import io.iisbot.iis.AppPool;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.Site;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Fresh reads of one object for a step, and the small text helpers steps share. */
final class HostReads {

  private HostReads() {}

  static Site site(Run run, String name) throws InterruptedException {
    return run.read("list sites", run.host::sites).stream()
        .filter(s -> s.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new Step.Failure("site " + name + " no longer exists"));
  }

  static AppPool pool(Run run, String name) throws InterruptedException {
    return run.read("list pools", run.host::pools).stream()
        .filter(p -> p.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new Step.Failure("pool " + name + " no longer exists"));
  }

  static ServiceInfo service(Run run, String name) throws InterruptedException {
    return run.read("query services", run.host::services).stream()
        .filter(s -> s.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new Step.Failure("service " + name + " is not installed on this host"));
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  static Set<String> keys(List<String> names) {
    return names.stream().map(HostReads::key).collect(Collectors.toSet());
  }

  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String megabytes(long bytes) {
    return (bytes / (1024 * 1024)) + " MB";
  }
}
