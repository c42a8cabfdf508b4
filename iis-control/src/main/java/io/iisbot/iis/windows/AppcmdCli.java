package io.iisbot.iis.windows;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.IisException;
import io.iisbot.iis.Site;
import io.iisbot.iis.windows.ProcessRunner.ProcessResult;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link Appcmd} by running {@code appcmd.exe} with an argument list (no shell) through a {@link
 * ProcessRunner}. Every name is checked by {@link Names} before anything runs. Listings use {@code
 * /xml}, except requests: their {@code /xml} form has never been seen from a real host
 * (unverified), so they are read from the text form, whose published samples are in the fixtures.
 *
 * <p>Thread-safe if the runner is.
 */
final class AppcmdCli implements Appcmd {

  /** {@code ERROR_TIMEOUT}: appcmd did not finish within the timeout and was killed. */
  static final int TIMEOUT = 1460;

  /** {@code ERROR_FILE_NOT_FOUND}: appcmd.exe could not be started at all. */
  static final int NOT_RUNNABLE = 2;

  /** {@code ERROR_INVALID_DATA}: appcmd printed something this parser cannot read. */
  static final int UNREADABLE_OUTPUT = 13;

  private static final String ALL = "IIS";

  private final ProcessRunner runner;
  private final Path appcmdExe;
  private final Duration timeout;

  /**
   * @param timeout for every appcmd run. {@code stop apppool} may wait for the pool's workers to
   *     exit (one unverified report), so it should exceed the longest {@code shutdownTimeLimit}
   */
  AppcmdCli(ProcessRunner runner, Path appcmdExe, Duration timeout) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.appcmdExe = Objects.requireNonNull(appcmdExe, "appcmdExe");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the appcmd timeout must be positive, was " + timeout);
    }
  }

  /** {@code %windir%\system32\inetsrv\appcmd.exe}, with {@code C:\Windows} if windir is unset. */
  public static Path defaultPath() {
    return defaultPath(System.getenv());
  }

  static Path defaultPath(Map<String, String> env) {
    String windir = env.get("windir");
    if (windir == null) {
      // Windows treats environment names case-insensitively; a plain map does not.
      windir =
          env.entrySet().stream()
              .filter(e -> e.getKey().equalsIgnoreCase("windir"))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
    }
    if (windir == null || windir.isBlank()) {
      windir = "C:\\Windows";
    }
    windir = windir.strip().replaceAll("[\\\\/]+$", "");
    // Built as one string: on a non-Windows JVM (tests) Path.of would join with '/'.
    return Path.of(windir + "\\system32\\inetsrv\\appcmd.exe");
  }

  @Override
  public List<AppPool> pools() {
    return parse("list app pools", AppcmdXml::pools, "list", "apppool", "/config:*", "/xml");
  }

  @Override
  public List<Site> sites() {
    List<Site> sites = parse("list sites", AppcmdXml::sites, "list", "site", "/config:*", "/xml");
    Map<String, List<String>> pools =
        parse(
            "list applications",
            xml -> AppcmdXml.poolsBySite(AppcmdXml.apps(xml)),
            "list",
            "app",
            "/xml");
    return sites.stream()
        .map(
            s ->
                new Site(
                    s.name(),
                    s.id(),
                    s.state(),
                    s.bindings(),
                    pools.getOrDefault(s.name(), List.of()),
                    s.serverAutoStart()))
        .toList();
  }

  @Override
  public Map<Integer, String> workers() {
    return parse("list worker processes", AppcmdXml::workers, "list", "wp", "/xml");
  }

  /**
   * Asks per site ({@code /site.name:<site>}, which gives the site) and per worker ({@code
   * /wp.name:<pid>}, which gives pid and pool), and joins the two by request id ({@link
   * RequestJoin}). A site whose name {@link Names} refuses is not asked about: its requests are
   * still listed through their worker, with an empty site. A worker or site that vanished between
   * the listings is skipped. No worker means no request, and nothing more is asked.
   */
  @Override
  public Optional<List<ActiveRequest>> requests() {
    Map<Integer, String> workers = workers();
    if (workers.isEmpty()) {
      return Optional.of(List.of());
    }
    List<String> siteNames =
        parse("list sites", AppcmdXml::sites, "list", "site", "/config:*", "/xml").stream()
            .map(Site::name)
            .toList();

    Map<String, List<AppcmdText.RequestLine>> perSite = new LinkedHashMap<>();
    for (String site : siteNames) {
      if (!isValidSiteName(site)) {
        continue;
      }
      Optional<List<AppcmdText.RequestLine>> lines = listRequests(site, "/site.name:" + site);
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      perSite.put(site, lines.get());
    }
    Map<Integer, List<AppcmdText.RequestLine>> perWorker = new LinkedHashMap<>();
    for (int pid : workers.keySet()) {
      Optional<List<AppcmdText.RequestLine>> lines =
          listRequests(String.valueOf(pid), "/wp.name:" + pid);
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      perWorker.put(pid, lines.get());
    }
    return Optional.of(RequestJoin.join(perSite, workers, perWorker));
  }

  private static boolean isValidSiteName(String site) {
    try {
      Names.site(site);
      return true;
    } catch (IllegalArgumentException e) {
      // IIS allows characters Names refuses; such a site is left out of the per-site query only.
      return false;
    }
  }

  /**
   * One {@code list requests} run: empty when Request Monitor is missing, an empty list when the
   * filter's object no longer exists. The text form is parsed on purpose: no {@code list requests
   * /xml} output has been seen from a real host, so its attribute names are unverified.
   */
  private Optional<List<AppcmdText.RequestLine>> listRequests(String target, String filter) {
    String operation = "list requests";
    ProcessResult r = execute(operation, target, List.of("list", "requests", filter));
    if (r.exitCode() != 0) {
      if (AppcmdErrors.requestMonitorMissing(r)) {
        return Optional.empty();
      }
      IisException e = AppcmdErrors.translate(operation, target, r);
      if (e.code() == IisException.NOT_FOUND) {
        return Optional.of(List.of());
      }
      throw e;
    }
    try {
      return Optional.of(AppcmdText.requests(r.stdout()));
    } catch (IllegalArgumentException e) {
      throw AppcmdErrors.unreadable(operation, target, e.getMessage());
    }
  }

  @Override
  public void startSite(String name) {
    Names.site(name);
    run("start site", name, "start", "site", "/site.name:" + name);
  }

  @Override
  public void stopSite(String name) {
    Names.site(name);
    run("stop site", name, "stop", "site", "/site.name:" + name);
  }

  @Override
  public void startPool(String name) {
    Names.pool(name);
    run("start pool", name, "start", "apppool", "/apppool.name:" + name);
  }

  @Override
  public void stopPool(String name) {
    Names.pool(name);
    run("stop pool", name, "stop", "apppool", "/apppool.name:" + name);
  }

  @Override
  public void recyclePool(String name) {
    Names.pool(name);
    run("recycle pool", name, "recycle", "apppool", "/apppool.name:" + name);
  }

  @Override
  public void setPoolAutoStart(String name, boolean autoStart) {
    Names.pool(name);
    run(
        "set pool autoStart",
        name,
        "set",
        "apppool",
        "/apppool.name:" + name,
        "/autoStart:" + autoStart);
  }

  @Override
  public void setSiteAutoStart(String name, boolean serverAutoStart) {
    Names.site(name);
    run(
        "set site serverAutoStart",
        name,
        "set",
        "site",
        "/site.name:" + name,
        "/serverAutoStart:" + serverAutoStart);
  }

  private <T> T parse(String operation, Function<String, T> parser, String... args) {
    String stdout = run(operation, ALL, args);
    try {
      return parser.apply(stdout);
    } catch (IllegalArgumentException e) {
      throw AppcmdErrors.unreadable(operation, ALL, e.getMessage());
    }
  }

  /** Runs appcmd and returns its standard output, or throws the translated failure. */
  private String run(String operation, String target, String... args) {
    ProcessResult r = execute(operation, target, List.of(args));
    if (r.exitCode() != 0) {
      throw AppcmdErrors.translate(operation, target, r);
    }
    return r.stdout();
  }

  private ProcessResult execute(String operation, String target, List<String> args) {
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(appcmdExe.toString());
    command.addAll(args);
    ProcessResult r;
    try {
      r = runner.run(Collections.unmodifiableList(command), timeout);
    } catch (UncheckedIOException e) {
      IisException failure = AppcmdErrors.notRunnable(operation, target);
      failure.initCause(e);
      throw failure;
    }
    if (r.timedOut()) {
      throw AppcmdErrors.timedOut(operation, target, timeout);
    }
    return r;
  }
}
