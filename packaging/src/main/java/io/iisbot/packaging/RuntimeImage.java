package io.iisbot.packaging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.spi.ToolProvider;

/**
 * A Java runtime with only the modules some jars need: {@code jdeps} finds them, {@code jlink}
 * links them from the running JDK's jmods. Stateless; each call runs the tools afresh.
 */
final class RuntimeImage {

  /**
   * Modules that code reaches only through a service lookup, which {@code jdeps} cannot see. In JDK
   * 17 the elliptic curves of TLS (ECDHE, the key exchange Slack, Discord and most HTTPS servers
   * choose) live in {@code jdk.crypto.ec}; without it a handshake fails.
   */
  static final List<String> SERVICE_MODULES = List.of("jdk.crypto.ec");

  private RuntimeImage() {}

  /** The modules the jars need, by {@code jdeps}, plus {@link #SERVICE_MODULES}, sorted. */
  static List<String> modules(List<Path> jars) {
    // One jdeps per jar, in parallel: the bot's jar alone takes some 20 s.
    List<CompletableFuture<List<String>>> runs = new ArrayList<>();
    for (Path jar : jars) {
      runs.add(CompletableFuture.supplyAsync(() -> jdeps(jar)));
    }
    Set<String> modules = new TreeSet<>(SERVICE_MODULES);
    for (CompletableFuture<List<String>> run : runs) {
      modules.addAll(run.join());
    }
    return List.copyOf(modules);
  }

  static List<String> jdeps(Path jar) {
    String out =
        run(
            "jdeps",
            "--print-module-deps",
            "--ignore-missing-deps",
            "--multi-release",
            "17",
            jar.toString());
    String last = "";
    for (String line : out.split("\\R")) {
      if (!line.isBlank()) {
        last = line.trim();
      }
    }
    if (!last.matches("[a-z0-9.]+(,[a-z0-9.]+)*")) {
      throw new IllegalStateException("jdeps did not list modules for " + jar + ":\n" + out);
    }
    return Arrays.asList(last.split(","));
  }

  /** Links {@code modules} into {@code output}, which must not exist yet. */
  static void link(List<String> modules, Path output) {
    Path jmods = Path.of(System.getProperty("java.home"), "jmods");
    if (!java.nio.file.Files.isDirectory(jmods)) {
      throw new IllegalStateException(
          "jlink needs the JDK's jmods, and "
              + jmods
              + " is missing: build with a full JDK 17 (Temurin, or Debian's"
              + " openjdk-17-jdk-headless)");
    }
    run(
        "jlink",
        "--module-path",
        jmods.toString(),
        "--add-modules",
        String.join(",", modules),
        // Not --compress: the archive's gzip does better on the plain module image.
        "--strip-debug",
        "--no-header-files",
        "--no-man-pages",
        "--output",
        output.toString());
  }

  private static String run(String tool, String... args) {
    ToolProvider provider =
        ToolProvider.findFirst(tool)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        tool + " is missing: the release build needs a full JDK 17, not a JRE"));
    StringWriter out = new StringWriter();
    PrintWriter pw = new PrintWriter(out);
    int code = provider.run(pw, pw, args);
    pw.flush();
    if (code != 0) {
      throw new IllegalStateException(
          tool + " " + String.join(" ", args) + " failed (" + code + "):\n" + out);
    }
    return out.toString();
  }
}
