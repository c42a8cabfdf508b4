package io.iisbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.bot.command.Grammar;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar iisbot.jar teams-manifest} in its own JVM, as an operator runs it: the package
 * it writes, and one plain line and exit 2 when it cannot.
 */
final class TeamsManifestProcessTest {

  private static final String APP_ID = "7c2e0d4a-1b3c-4d5e-8f90-a1b2c3d4e5f6";
  private static final String SECRET = "teams-manifest-test-secret-0123456789abcdef";

  @TempDir Path dir;

  private record Ended(int exit, String stdout, String stderr) {
    List<String> errLines() {
      return stderr.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  @Test
  void writesThePackage_withTheAppId_theRegistrysCommands_andBothIcons() throws Exception {
    Ended e = run(Map.of(), "teams-manifest", "--out", "iisbot-teams.zip", "--app-id", APP_ID);

    assertThat(e.exit()).as(e.stderr()).isZero();
    assertThat(e.stdout()).contains("wrote iisbot-teams.zip", APP_ID);
    Map<String, byte[]> zip = unzip(Files.readAllBytes(dir.resolve("iisbot-teams.zip")));
    assertThat(zip.keySet()).containsExactlyInAnyOrder("manifest.json", "color.png", "outline.png");
    JsonNode manifest = new ObjectMapper().readTree(zip.get("manifest.json"));
    assertThat(manifest.get("id").asText()).isEqualTo(APP_ID);
    assertThat(manifest.at("/bots/0/botId").asText()).isEqualTo(APP_ID);
    List<String> titles = new ArrayList<>();
    manifest
        .at("/bots/0/commandLists/0/commands")
        .forEach(c -> titles.add(c.get("title").asText()));
    List<String> registry = Grammar.standard().names();
    assertThat(titles).isEqualTo(registry.subList(0, Math.min(12, registry.size())));
    assertThat(titles).startsWith("help", "status", "stop");
    manifest
        .at("/bots/0/commandLists/0/commands")
        .forEach(c -> assertThat(c.get("description").asText()).isNotBlank());
    assertThat(size(zip.get("color.png"))).isEqualTo(List.of(192, 192));
    assertThat(size(zip.get("outline.png"))).isEqualTo(List.of(32, 32));
  }

  @Test
  void appIdFromTheEnvironment_domainFromTheConfiguration() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET, publicUrl: "https://iisbot.example.com"}
            hosts:
              - {name: web01, agent: "http://127.0.0.1:9", keyId: bot, secretEnv: BOT_SECRET}
            roles:
              - {name: ops, members: ["console:ops"], allow: [{actions: ["*"], hosts: ["*"]}]}
            """
                .formatted(dir.resolve("data").toString().replace("\\", "/")));

    Ended e =
        run(
            Map.of("TEAMS_APP_ID", APP_ID),
            "teams-manifest",
            "--config",
            config.toString(),
            "--out",
            "p.zip");

    assertThat(e.exit()).as(e.stderr()).isZero();
    JsonNode manifest =
        new ObjectMapper()
            .readTree(unzip(Files.readAllBytes(dir.resolve("p.zip"))).get("manifest.json"));
    assertThat(manifest.get("id").asText()).isEqualTo(APP_ID);
    assertThat(manifest.get("validDomains").toString()).isEqualTo("[\"iisbot.example.com\"]");
  }

  @Test
  void appIdFromTheConfigurationsTeamsSection() throws Exception {
    String other = "11111111-2222-3333-4444-555555555555";
    Path config =
        Files.writeString(
            dir.resolve("teams.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            teams: {appId: "%s", appPasswordEnv: TEAMS_APP_PASSWORD, tenantId: "%s"}
            hosts:
              - {name: web01, agent: "http://127.0.0.1:9", keyId: bot, secretEnv: BOT_SECRET}
            roles:
              - {name: ops, members: ["console:ops"], allow: [{actions: ["*"], hosts: ["*"]}]}
            """
                .formatted(dir.resolve("data").toString().replace("\\", "/"), APP_ID, other));

    Ended e =
        run(
            Map.of("TEAMS_APP_ID", other, "TEAMS_APP_PASSWORD", "not-a-real-secret"),
            "teams-manifest",
            "--config",
            config.toString(),
            "--out",
            "c.zip");

    assertThat(e.exit()).as(e.stderr()).isZero();
    JsonNode manifest =
        new ObjectMapper()
            .readTree(unzip(Files.readAllBytes(dir.resolve("c.zip"))).get("manifest.json"));
    assertThat(manifest.get("id").asText())
        .as("the configuration wins over TEAMS_APP_ID")
        .isEqualTo(APP_ID);
  }

  @Test
  void noAppId_saysSoInOneLine_andExits2() throws Exception {
    Ended e = run(Map.of(), "teams-manifest", "--out", "p.zip");

    assertOneLine(e, "no app id", "--app-id", "TEAMS_APP_ID");
    assertThat(dir.resolve("p.zip")).doesNotExist();
  }

  @Test
  void notAGuid_saysSoInOneLine_andExits2() throws Exception {
    Ended e = run(Map.of(), "teams-manifest", "--out", "p.zip", "--app-id", "my-bot");

    assertOneLine(e, "must be the bot's Microsoft App ID, a GUID", "was \"my-bot\"");
  }

  @Test
  void unwritableOut_saysSoInOneLine_andExits2() throws Exception {
    Ended e = run(Map.of(), "teams-manifest", "--out", "no-such-dir/p.zip", "--app-id", APP_ID);

    assertOneLine(e, "cannot write no-such-dir/p.zip: its directory does not exist");
  }

  @Test
  void unknownCommand_saysSo_withTheUsage_andExits2() throws Exception {
    Ended e = run(Map.of(), "teams-manifesto");

    assertThat(e.exit()).isEqualTo(2);
    assertThat(e.errLines().get(0)).isEqualTo("iisbot: unknown command \"teams-manifesto\"");
    assertThat(e.stderr()).contains("teams-manifest --out iisbot-teams.zip");
  }

  private static void assertOneLine(Ended e, String... contains) {
    assertThat(e.exit()).as(e.stderr()).isEqualTo(2);
    assertThat(e.errLines()).as(e.stderr()).hasSize(1);
    assertThat(e.errLines().get(0)).startsWith("iisbot: ").contains(contains);
    assertThat(e.stderr()).doesNotContain("Exception", "\tat ");
  }

  private static List<Integer> size(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    return List.of(image.getWidth(), image.getHeight());
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  private Ended run(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("TEAMS_APP_ID");
    pb.environment().remove("IISBOT_CONFIG");
    pb.environment().put("BOT_SECRET", SECRET);
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the command ends").isTrue();
    return new Ended(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
