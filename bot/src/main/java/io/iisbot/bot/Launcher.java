package io.iisbot.bot;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The jar's entry point: {@code java -jar iisbot.jar} runs {@link Main} in a JVM started with
 * {@link #JVM_OPTIONS}, so the bot's memory stays bounded (README "Performance") without the
 * operator having to know any JVM flag.
 *
 * <p>On Linux and macOS the launcher's process becomes that JVM ({@code execve}): one process, the
 * same process id, standard input, output and error, signals and exit code, and no second JVM's
 * memory. Where that is not possible (Windows, or a C library JNA cannot reach) it starts a child
 * JVM instead, which inherits standard input, output and error; the launcher then forwards the
 * child's exit code, and a SIGTERM or Ctrl-C sent to the launcher stops the child the same way (the
 * child's own shutdown is bounded by {@link Main#STOP_LIMIT}).
 *
 * <p>JVM options given to the launcher ({@code java -Xmx512m -Dlogback.configurationFile=... -jar
 * iisbot.jar}) go after these, so they win. {@code IISBOT_RELAUNCH=no} runs the bot in the
 * launcher's own JVM, as started; so does a launcher not running from a jar (tests, an IDE).
 */
public final class Launcher {

  /**
   * The child JVM's settings. The serial collector has the smallest footprint and, on a heap this
   * size, young pauses of a few milliseconds; the heap cap is what keeps the process under 300 MB
   * (the JVM's default would be a quarter of the machine's memory); metaspace and code cache caps
   * bound the rest. A JVM that runs out of memory exits, so a supervisor restarts it, rather than
   * limping on.
   */
  public static final List<String> JVM_OPTIONS =
      List.of(
          "-XX:+UseSerialGC",
          "-Xms64m",
          "-Xmx160m",
          "-XX:MaxMetaspaceSize=160m",
          "-XX:ReservedCodeCacheSize=64m",
          "-XX:MaxDirectMemorySize=64m",
          "-Xss512k",
          "-XX:+ExitOnOutOfMemoryError");

  /**
   * Added to the bot JVM's environment unless already set. glibc gives each thread that allocates
   * its own malloc arena (up to 8 per core), which a burst of request threads turns into tens of MB
   * of native memory that is never returned.
   */
  static final java.util.Map<String, String> ENVIRONMENT =
      java.util.Map.of("MALLOC_ARENA_MAX", "2");

  /** Set on the child, so that it runs the bot rather than launching again. */
  static final String LAUNCHED = "iisbot.launched";

  /** The environment variable that, set to {@code no}, keeps the bot in the launcher's JVM. */
  static final String OPT_OUT = "IISBOT_RELAUNCH";

  private Launcher() {}

  public static void main(String[] args) {
    Path jar = runningJar();
    Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
    if (System.getProperty(LAUNCHED) != null
        || "no".equalsIgnoreCase(System.getenv(OPT_OUT))
        || jar == null
        || !Files.isExecutable(java)) {
      Main.main(args);
      return;
    }
    List<String> cmd = command(java, jar, inputArguments(), args);
    if (!isWindows()) {
      io.iisbot.iis.posix.Exec.replaceThisProcess(
          cmd, ENVIRONMENT); // returns only when it could not
    }
    Process child;
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
      ENVIRONMENT.forEach(pb.environment()::putIfAbsent);
      child = pb.start();
    } catch (IOException e) {
      System.err.println(
          "iisbot: cannot start "
              + java
              + " ("
              + e.getMessage()
              + "); running in this JVM as started; set "
              + OPT_OUT
              + "=no to skip this");
      Main.main(args);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "iisbot-launcher"));
    int code;
    try {
      code = child.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = 1;
    }
    System.exit(code);
  }

  /** The child's command line: java, our settings, the launcher's own options, the jar, args. */
  static List<String> command(Path java, Path jar, List<String> ownOptions, String[] args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(JVM_OPTIONS);
    cmd.addAll(ownOptions);
    cmd.add("-D" + LAUNCHED + "=true");
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * The launcher is being stopped (SIGTERM, Ctrl-C): stop the child the same way, wait for it, and
   * end with its exit code. On Windows, Ctrl-C reaches the child from the console itself, and the
   * only other way to stop it is to kill it, so the launcher waits first.
   */
  private static void stop(Process child) {
    if (!child.isAlive()) {
      return;
    }
    long grace = Main.STOP_LIMIT.toMillis() + 2_000;
    try {
      if (!isWindows()) {
        child.destroy();
      }
      if (!child.waitFor(grace, TimeUnit.MILLISECONDS)) {
        child.destroyForcibly();
        child.waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!child.isAlive()) {
      // The child's code, not the launcher's own signal status; halt, as exit would block here.
      Runtime.getRuntime().halt(child.exitValue());
    }
  }

  /** The JVM options this launcher was started with, for the child. */
  private static List<String> inputArguments() {
    try {
      return ManagementFactory.getRuntimeMXBean().getInputArguments();
    } catch (RuntimeException | LinkageError e) {
      // java.management left out of a trimmed runtime: the child gets our settings only.
      return List.of();
    }
  }

  /** The jar this class runs from, or null when it runs from a directory (tests, an IDE). */
  private static Path runningJar() {
    try {
      var source = Launcher.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path p = Path.of(source.getLocation().toURI());
      return p.toString().endsWith(".jar") && Files.isRegularFile(p) ? p : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }
}
