package io.iisbot.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.bot.Launcher;
import io.iisbot.iis.agent.server.WindowsService;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux archive {@code mvn -Pdist verify} has just written to {@code dist/}, unpacked into an
 * empty folder and started as an operator would, on a machine without Java: {@code PATH} holds only
 * {@code readlink} and {@code dirname}, which the launchers use.
 */
@Tag("dist")
final class DistArchiveTest {

  static final Path DIST = Path.of(System.getProperty("iisbot.dist", "../dist"));
  static final String VERSION = System.getProperty("iisbot.version", "0.1.0-SNAPSHOT");
  static final String BASE = "iisbot-" + VERSION + "-linux-x64";
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path unpacked;
  static Path home;
  static Path noJavaPath;

  @BeforeAll
  static void unpack() throws Exception {
    Process tar =
        new ProcessBuilder(
                "tar", "-xzf", DIST.resolve(BASE + ".tar.gz").toString(), "-C", unpacked.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    home = unpacked.resolve("iisbot-" + VERSION);
    noJavaPath = Files.createDirectories(unpacked.resolve("path"));
    for (String tool : List.of("readlink", "dirname")) {
      Path real = Path.of("/usr/bin", tool);
      Files.createSymbolicLink(
          noJavaPath.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
    }
  }

  @Test
  void archive_isUnder80MB() throws IOException {
    assertThat(Files.size(DIST.resolve(BASE + ".tar.gz"))).isLessThan(80_000_000L);
  }

  @Test
  void launchers_carryTheJvmOptionsTheCodeOwns() throws IOException {
    assertThat(Files.readString(home.resolve("bin/iisbot")))
        .contains(
            String.join(" ", Launcher.JVM_OPTIONS)
                + " ${IISBOT_JAVA_OPTS:-} -Diisbot.launched=true -jar");
    assertThat(Files.readString(home.resolve("bin/iisbot-agent")))
        .contains(WindowsService.JVM_OPTIONS + " ${IISBOT_JAVA_OPTS:-} -jar");
  }

  @Test
  void runtime_hasTheServiceModulesJdepsCannotSee() throws IOException {
    String release = Files.readString(home.resolve("runtime/release"));
    for (String module : RuntimeImage.SERVICE_MODULES) {
      assertThat(release).contains(module);
    }
    assertThat(release).contains("java.sql").doesNotContain("jdk.compiler");
  }

  @Test
  void bot_startsWithoutJava_inOneJvm_andAnswersHealthz(@TempDir Path data) throws Exception {
    int port = freePort();
    Process bot =
        start(
            data,
            Map.of(),
            home.resolve("bin/iisbot").toString(),
            "--port",
            String.valueOf(port),
            "--data",
            data.resolve("data").toString());
    try {
      HttpResponse<String> health = await(bot, data, "http://127.0.0.1:" + port + "/healthz");

      assertThat(health.statusCode()).isEqualTo(200);
      // The script exec'd the archive's own java, which runs the bot itself (no child JVM).
      assertThat(bot.info().command()).hasValue(home.resolve("runtime/bin/java").toString());
      assertThat(bot.children().count()).isZero();
    } finally {
      stop(bot);
    }
  }

  @Test
  void agent_startsWithoutJava_andRefusesAnUnsignedHealthCall(@TempDir Path data) throws Exception {
    int port = freePort();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Process agent =
        start(
            data,
            Map.of(
                "IISBOT_AGENT_KEY_ID",
                "dist-test",
                "IISBOT_AGENT_SECRET",
                HexFormat.of().formatHex(secret)),
            home.resolve("bin/iisbot-agent").toString(),
            "--simulate",
            "healthy",
            "--port",
            String.valueOf(port));
    try {
      await(agent, data, "http://127.0.0.1:" + port + "/healthz");
      HttpResponse<String> health =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(401);
      assertThat(agent.info().command()).hasValue(home.resolve("runtime/bin/java").toString());
    } finally {
      stop(agent);
    }
  }

  @Test
  void sbom_listsJdaBoltAndJavalin_withTheirVersions() throws IOException {
    JsonNode sbom = new ObjectMapper().readTree(DIST.resolve(BASE + ".cdx.json").toFile());

    assertThat(sbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    List<String> components =
        sbom.path("components").findValues("purl").stream().map(JsonNode::asText).toList();
    assertThat(components)
        .anyMatch(p -> p.startsWith("pkg:maven/net.dv8tion/JDA@" + prop("jda") + "?"))
        .anyMatch(p -> p.startsWith("pkg:maven/com.slack.api/bolt@" + prop("bolt") + "?"))
        .anyMatch(p -> p.startsWith("pkg:maven/io.javalin/javalin@" + prop("javalin") + "?"));
  }

  @Test
  void checksums_matchTheFiles() throws IOException {
    for (String name : List.of(BASE + ".tar.gz", BASE + ".cdx.json")) {
      String line = Files.readString(DIST.resolve(name + ".sha256")).strip();
      assertThat(line).isEqualTo(Packager.sha256(DIST.resolve(name)) + "  " + name);
      assertThat(Files.readAllLines(DIST.resolve("SHA256SUMS"))).contains(line);
    }
  }

  private static String prop(String lib) {
    String v = System.getProperty("iisbot.version." + lib);
    assertThat(v).as("iisbot.version." + lib + " from the pom").isNotBlank();
    return v;
  }

  /** Starts a launcher with nothing of this JVM's environment: no JAVA_HOME, no Java on PATH. */
  private static Process start(Path dir, Map<String, String> env, String... cmd)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", noJavaPath.toString());
    pb.environment().put("HOME", dir.toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("output.log").toFile());
    return pb.start();
  }

  /** The first 200 from {@code url}, asked every 250 ms for up to 60 s while the process lives. */
  private static HttpResponse<String> await(Process p, Path dir, String url) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return r;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      // The wait doubles as the check that it has not died.
      if (p.waitFor(250, TimeUnit.MILLISECONDS)) {
        break;
      }
    }
    throw new AssertionError(
        url
            + " did not answer 200 "
            + (p.isAlive() ? "within 60 s" : "(exited " + p.exitValue() + ")")
            + "; its output:\n"
            + Files.readString(dir.resolve("output.log")));
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
