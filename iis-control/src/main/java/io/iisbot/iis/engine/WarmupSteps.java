package io.iisbot.iis.engine;

import io.iisbot.iis.Durations;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.Site;
import io.iisbot.iis.engine.Verification.Check;
import io.iisbot.iis.engine.WarmupProbe.Answer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The "warm up" step: requests each started site's warm-up URL on the host itself until it answers
 * as its rule expects or the rule's deadline passes. Every URL is on this host (loopback, or an
 * address of one of its own interfaces that a binding names); redirects are answers, never
 * followed, so a warm-up cannot be sent to another machine.
 */
final class WarmupSteps {

  private static final Duration TRY_TIMEOUT = Duration.ofSeconds(5);

  private WarmupSteps() {}

  /** Where one site's warm-up goes. */
  record Target(InetSocketAddress address, String hostHeader, String path) {}

  static String warmUp(Run run, Warmup warmup, List<String> candidates)
      throws InterruptedException {
    Instant t0 = run.now();
    List<Site> started =
        run.read("list sites", run.host::sites).stream()
            .filter(s -> PlanBuilder.containsIgnoreCase(candidates, s.name()))
            .filter(s -> s.state() == ObjectState.STARTED)
            .toList();
    if (started.isEmpty()) {
      throw new Step.Skip("no started site to warm up");
    }
    List<String> done = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (Site site : started) {
      WarmupRule rule = warmup.ruleFor(site.name());
      Target target;
      try {
        target = target(site, rule);
      } catch (IllegalArgumentException e) {
        run.warmups.add(new Check("warm-up " + site.name(), false, e.getMessage()));
        failed.add(site.name());
        continue;
      }
      if (target == null) {
        run.findings.add(
            Finding.info(
                "site "
                    + site.name()
                    + " was not warmed up: it has no http binding (give it a warmup url in"
                    + " agent.yaml)"));
        continue;
      }
      Check check = probe(run, warmup.probe(), site.name(), rule, target, t0);
      run.warmups.add(check);
      if (check.passed()) {
        done.add(site.name() + " " + check.detail());
      } else {
        failed.add(site.name());
      }
    }
    if (!failed.isEmpty()) {
      // The checks hold the details; the step's failure names the sites once.
      throw new Step.Failure(
          String.join(", ", failed) + " did not warm up, so the host should not take traffic yet");
    }
    return done.isEmpty() ? "no site had an http binding to warm up" : String.join("; ", done);
  }

  /** Asks one site until it answers as its rule expects or the rule's deadline passes. */
  private static Check probe(
      Run run, WarmupProbe probe, String site, WarmupRule rule, Target target, Instant t0)
      throws InterruptedException {
    Instant deadline = t0.plus(rule.within());
    int[] tries = {0};
    Answer[] last = {null};
    String[] error = {null};
    boolean ok =
        run.await(
            deadline,
            () -> {
              tries[0]++;
              Duration left = Duration.between(run.now(), deadline);
              Duration timeout =
                  left.compareTo(TRY_TIMEOUT) < 0 && !left.isNegative() && !left.isZero()
                      ? left
                      : TRY_TIMEOUT;
              try {
                last[0] = probe.get(target.address(), target.hostHeader(), target.path(), timeout);
                error[0] = null;
                return rule.accepts(last[0].status());
              } catch (IOException e) {
                error[0] = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                return false;
              }
            });
    String took = Durations.format(Duration.between(t0, run.now()));
    String triesText = tries[0] == 1 ? "1 try" : tries[0] + " tries";
    String request = "GET " + target.path();
    if (ok) {
      return new Check(
          "warm-up " + site,
          true,
          request + " → " + answer(last[0]) + " after " + took + " (" + triesText + ")");
    }
    String got =
        last[0] == null
            ? "no answer (" + (error[0] == null ? "nothing listening" : error[0]) + ")"
            : error[0] != null
                ? "no answer (" + error[0] + "; before that " + answer(last[0]) + ")"
                : "last " + answer(last[0]);
    String detail =
        request
            + " did not answer "
            + rule.expectation()
            + " within "
            + Durations.format(rule.within())
            + ": "
            + got
            + " ("
            + triesText
            + ")";
    return new Check("warm-up " + site, false, detail);
  }

  private static String answer(Answer a) {
    return a.location() == null || a.status() < 300 || a.status() > 399
        ? Integer.toString(a.status())
        : a.status() + " (redirect to " + a.location() + ", not followed)";
  }

  /**
   * Where a site's warm-up goes, or null when it has no http binding and no configured URL.
   *
   * @throws IllegalArgumentException when the URL or binding is not on this host
   */
  static Target target(Site site, WarmupRule rule) {
    Optional<String[]> binding =
        site.bindings().stream()
            .filter(b -> b.regionMatches(true, 0, "http/", 0, 5))
            .findFirst()
            .map(WarmupSteps::split);
    String header = binding.map(b -> b[2]).orElse("");
    if (rule.url() != null) {
      URI url = rule.url();
      WarmupRule.requireLoopback(url);
      int port = url.getPort() < 0 ? 80 : url.getPort();
      String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
      if (url.getRawQuery() != null) {
        path += "?" + url.getRawQuery();
      }
      String host = header.isEmpty() ? url.getHost() : header;
      return new Target(
          new InetSocketAddress(loopbackLiteral(url.getHost()), port), withPort(host, port), path);
    }
    if (binding.isEmpty()) {
      return null;
    }
    String[] b = binding.get();
    int port;
    try {
      port = Integer.parseInt(b[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("its http binding has no port: " + String.join(":", b));
    }
    InetAddress address = bindingAddress(b[0]);
    String host = header.isEmpty() ? "localhost" : header;
    if (host.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw new IllegalArgumentException(
          "its binding's host name cannot be sent: \"" + host + "\"");
    }
    return new Target(new InetSocketAddress(address, port), withPort(host, port), rule.path());
  }

  /** {@code http/*:80:api.contoso.com} → {@code [*, 80, api.contoso.com]}; IPv6 in brackets. */
  private static String[] split(String binding) {
    String rest = binding.substring(5);
    int last = rest.lastIndexOf(':');
    int colon = last < 0 ? -1 : rest.lastIndexOf(':', last - 1);
    if (colon < 0) {
      return new String[] {rest, "", ""};
    }
    return new String[] {
      rest.substring(0, colon), rest.substring(colon + 1, last), rest.substring(last + 1)
    };
  }

  private static String withPort(String host, int port) {
    return port == 80 ? host : host + ":" + port;
  }

  private static InetAddress loopbackLiteral(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return InetAddress.getLoopbackAddress();
    }
    try {
      // A literal (checked by requireLoopback): no name lookup happens.
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("url: not a loopback address: " + host, e);
    }
  }

  /**
   * The address a binding listens on, as seen from the host: every address ({@code *}) is reached
   * on loopback; a specific one must belong to one of this host's interfaces.
   */
  private static InetAddress bindingAddress(String ip) {
    if (ip.isEmpty() || ip.equals("*") || ip.equals("0.0.0.0") || ip.equals("[::]")) {
      return InetAddress.getLoopbackAddress();
    }
    String literal = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      throw new IllegalArgumentException("its binding's address is not an IP address: " + ip);
    }
    try {
      InetAddress a = InetAddress.getByName(literal);
      if (a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null) {
        return a;
      }
    } catch (UnknownHostException | SocketException e) {
      throw new IllegalArgumentException("its binding's address cannot be used: " + ip, e);
    }
    throw new IllegalArgumentException(
        "its binding's address " + ip + " is not on this host; refusing to warm it up there");
  }
}
