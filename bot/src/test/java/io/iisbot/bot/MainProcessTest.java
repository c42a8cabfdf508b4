package io.iisbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Main} in its own JVM, as an operator runs it: a bot that cannot start says why in one line
 * on stderr and exits 2; a bot told to stop (SIGTERM) stops within seconds and says so.
 */
final class MainProcessTest {

  private static final String SECRET = "main-process-test-secret-0123456789abcdef";

  @TempDir Path dir;

  /** What a finished process said and how it ended. */
  private record Ended(int exit, String stdout, String stderr) {
    List<String> errLines() {
      return stderr.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  @Test
  void portInUse_saysSoInOneLine_andExits2() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Ended e = run(config(taken.getLocalPort(), "store: {type: sqlite}"));

      assertOneLine(e, "cannot listen on 127.0.0.1:" + taken.getLocalPort(), "port is in use");
    }
  }

  @Test
  void unreadableConfiguration_saysSoInOneLine_andExits2() throws Exception {
    Ended e = run(dir.resolve("no-such.yaml"));

    assertOneLine(e, "no-such.yaml: cannot read: no such file", "--config");
  }

  @Test
  void unreachablePostgres_saysSoInOneLine_andExits2() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closed + "/iisbot";
    Ended e =
        run(
            config(
                0,
                "store: {type: postgres, url: \""
                    + url
                    + "\", user: iisbot, passwordEnv: BOT_SECRET}"));

    assertOneLine(e, "cannot open PostgreSQL at " + url, "start it, or fix store.url");
  }

  @Test
  void sigterm_stopsWithinSeconds_andSaysWhatItLeft() throws Exception {
    Process p = start(config(0, "store: {type: sqlite}"));
    StringBuilder out = new StringBuilder();
    Thread reader = drain(p.getInputStream(), out);
    StringBuilder err = new StringBuilder();
    Thread errReader = drain(p.getErrorStream(), err);
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!text(out).contains("iisbot serving on") && System.nanoTime() < until) {
      assertThat(p.isAlive()).as(text(err)).isTrue();
      Thread.sleep(50);
    }

    long start = System.nanoTime();
    // As a service manager stops it; Process.destroy() did not run the JVM's shutdown hooks here.
    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
    boolean ended = p.waitFor(10, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    reader.join(2000);
    errReader.join(2000);

    System.out.println(
        "[shutdown] iisbot process stopped " + took.toMillis() + " ms after SIGTERM");
    assertThat(ended).isTrue();
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(text(err)).contains("stopping: 0 operations left running for re-attachment");
  }

  private static String text(StringBuilder b) {
    synchronized (b) {
      return b.toString();
    }
  }

  private static void assertOneLine(Ended e, String... contains) {
    assertThat(e.exit()).as(e.stderr()).isEqualTo(2);
    assertThat(e.errLines()).as(e.stderr()).hasSize(1);
    assertThat(e.errLines().get(0)).startsWith("iisbot: ").contains(contains);
    assertThat(e.stderr()).doesNotContain("Exception", "\tat ");
  }

  private Path config(int port, String store) throws IOException {
    return Files.writeString(
        dir.resolve("iisbot.yaml"),
        """
        server: {port: %d, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
        %s
        hosts:
          - {name: web01, agent: "http://127.0.0.1:9", keyId: bot, secretEnv: BOT_SECRET}
        roles:
          - {name: ops, members: ["console:ops"], allow: [{actions: ["*"], hosts: ["*"]}]}
        """
            .formatted(port, dir.resolve("data").toString().replace("\\", "/"), store));
  }

  private Ended run(Path config) throws Exception {
    Process p = start(config);
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    Thread a = drain(p.getInputStream(), out);
    Thread b = drain(p.getErrorStream(), err);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the bot exits").isTrue();
    a.join(2000);
    b.join(2000);
    return new Ended(p.exitValue(), out.toString(), err.toString());
  }

  private Process start(Path config) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.add("--config");
    cmd.add(config.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("BOT_SECRET", SECRET);
    return pb.start();
  }

  private static Thread drain(java.io.InputStream in, StringBuilder into) {
    Thread t =
        new Thread(
            () -> {
              try (java.io.BufferedReader r =
                  new java.io.BufferedReader(
                      new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  synchronized (into) {
                    into.append(line).append('\n');
                  }
                }
              } catch (IOException e) {
                // The process ended; what was read is kept.
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
