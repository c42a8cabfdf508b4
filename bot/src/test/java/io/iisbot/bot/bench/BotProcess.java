package io.iisbot.bot.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A runnable jar started as an operator starts it ({@code java -jar ...}), its output in a file
 * under the bench directory, with what the benchmarks read from it: when it answers {@code
 * /healthz}, and its resident memory (the launcher's and its child JVM's together, from {@code
 * /proc}). Closing it sends SIGTERM and waits.
 */
final class BotProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();

  final Process process;
  final long startedNanos;
  final Path log;

  private BotProcess(Process process, long startedNanos, Path log) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.log = log;
  }

  /** The bot's jar, as the profile built it. */
  static Path botJar() {
    return Path.of(System.getProperty("iisbot.jar", "target/iisbot.jar"));
  }

  /** The agent's jar, as the profile built it. */
  static Path agentJar() {
    return Path.of(
        System.getProperty("iisbot.agent.jar", "../iis-control/target/iisbot-agent.jar"));
  }

  /** {@code java -jar <jar> <args>} in {@code dir}, its output in {@code <name>.log}. */
  static BotProcess start(
      Path jar, List<String> args, Map<String, String> env, Path dir, String name)
      throws IOException {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toAbsolutePath().toString());
    cmd.addAll(args);
    Path log = BenchReport.dir().resolve(name + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    // While investigating: -Diisbot.bench.jvmOptions="-XX:StartFlightRecording=..." reaches the
    // bot's JVMs through JAVA_TOOL_OPTIONS.
    String extra = System.getProperty("iisbot.bench.jvmOptions", "");
    if (!extra.isBlank()) {
      // One JVM, with the launcher's settings, so that only the bot's JVM gets them.
      pb.environment().put("IISBOT_RELAUNCH", "no");
      pb.environment()
          .put(
              "JAVA_TOOL_OPTIONS",
              String.join(" ", io.iisbot.bot.Launcher.JVM_OPTIONS) + " " + extra);
    }
    long t0 = System.nanoTime();
    return new BotProcess(pb.start(), t0, log);
  }

  /** A port free now on 127.0.0.1. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Polls {@code url} every 10 ms until it answers 200; returns the time since the process was
   * started.
   *
   * @throws IllegalStateException when the process ends or the timeout passes first
   */
  Duration awaitOk(URI url, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest get = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(1)).build();
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the process ended with " + process.exitValue() + "; see " + log);
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException(url + " did not answer 200 within " + timeout + "; see " + log);
  }

  /** Waits until the log holds the text; returns the log then. */
  String awaitLog(String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String s = Files.exists(log) ? Files.readString(log) : "";
      if (s.contains(text)) {
        return s;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the process ended: " + s);
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no \"" + text + "\" within " + timeout + " in " + log);
  }

  /** Resident memory in kB of the process and every process under it (the launched JVM). */
  long rssKb() {
    return Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants())
        .mapToLong(h -> rssKb(h.pid()))
        .sum();
  }

  /** Resident memory in kB of the largest process of the tree (the bot's own JVM). */
  long largestRssKb() {
    return Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants())
        .mapToLong(h -> rssKb(h.pid()))
        .max()
        .orElse(0);
  }

  /** CPU time (user + system) used so far by the process and every process under it, in ms. */
  long cpuMs() {
    return Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants())
        .mapToLong(h -> cpuMs(h.pid()))
        .sum();
  }

  /** utime + stime from /proc/PID/stat in ms (at the usual 100 ticks a second), 0 when gone. */
  static long cpuMs(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** VmRSS from /proc/PID/status, 0 when the process is gone. */
  static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone, or not Linux.
    }
    return 0;
  }

  /** SIGTERM, then up to 15 s for it to end, then kill. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
