package io.iisbot.adapters.teams.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.CommandCatalog;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The app package: the template filled, held to Teams' manifest schema 1.30, and zipped. */
final class TeamsManifestTest {

  static final String APP_ID = "7c2e0d4a-1b3c-4d5e-8f90-a1b2c3d4e5f6";
  private static final ObjectMapper JSON = new ObjectMapper();

  static CommandCatalog catalog(int count) {
    return new CommandCatalog(
        "iis",
        "IIS",
        IntStream.range(0, count)
            .mapToObj(i -> new CommandCatalog.Entry("cmd" + i, "does thing " + i, null, List.of()))
            .toList());
  }

  private static JsonNode resource(String name) throws IOException {
    try (InputStream in = TeamsManifestTest.class.getResourceAsStream("/teams/cards/" + name)) {
      return JSON.readTree(in);
    }
  }

  private static ObjectNode manifest(List<String> domains, int commands) {
    return TeamsManifest.manifest(
        TeamsManifest.Template.fromJar().manifest(), APP_ID, domains, catalog(commands));
  }

  @Test
  void manifest_hasTheAppIdAsAppAndBot_andTheCommandsInOrder() {
    ObjectNode m = manifest(List.of("iisbot.example.com"), 3);

    assertThat(m.get("id").asText()).isEqualTo(APP_ID);
    assertThat(m.at("/bots/0/botId").asText()).isEqualTo(APP_ID);
    assertThat(m.at("/bots/0/scopes").toString())
        .isEqualTo("[\"personal\",\"team\",\"groupChat\"]");
    JsonNode commands = m.at("/bots/0/commandLists/0/commands");
    assertThat(commands).hasSize(3);
    assertThat(commands.get(0).get("title").asText()).isEqualTo("cmd0");
    assertThat(commands.get(0).get("description").asText()).isEqualTo("does thing 0");
    assertThat(m.get("validDomains").toString()).isEqualTo("[\"iisbot.example.com\"]");
  }

  @Test
  void manifest_listsAtMost12Commands_theFirstInHelpOrder() {
    JsonNode commands = manifest(List.of(), 14).at("/bots/0/commandLists/0/commands");

    assertThat(commands).hasSize(12);
    assertThat(commands.get(11).get("title").asText()).isEqualTo("cmd11");
  }

  @Test
  void manifest_notAGuid_isRefused() {
    assertThatThrownBy(
            () ->
                TeamsManifest.manifest(
                    TeamsManifest.Template.fromJar().manifest(), "my-bot", List.of(), catalog(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the app id must be the bot's Microsoft App ID, a GUID such as"
                + " 00000000-0000-0000-0000-000000000000, was \"my-bot\"");
  }

  @Test
  void manifest_keepsTheRulesOfTheSchema130() throws IOException {
    JsonNode schema = resource("teams-manifest-1.30.schema.json");
    List<String> problems = new ArrayList<>();

    SchemaRules.check(manifest(List.of("iisbot.example.com"), 14), schema, schema, "", problems);

    assertThat(problems).isEmpty();
    assertThat(manifest(List.of(), 1).get("manifestVersion").asText())
        .isEqualTo(schema.at("/properties/manifestVersion/const").asText());
  }

  @Test
  void schemaRules_canFail() throws IOException {
    JsonNode schema = resource("teams-manifest-1.30.schema.json");
    ObjectNode m = manifest(List.of(), 1);
    ((ObjectNode) m.get("name")).put("short", "x".repeat(31));
    ((ObjectNode) m.at("/bots/0")).putArray("scopes").add("everyone");
    m.put("colour", "#000000");
    m.remove("developer");
    List<String> problems = new ArrayList<>();

    SchemaRules.check(m, schema, schema, "", problems);

    assertThat(problems)
        .containsExactlyInAnyOrder(
            ": developer is required",
            ".colour: not allowed",
            ".name.short: longer than 30",
            ".bots[0].scopes[0]: \"everyone\" not one of [\"team\",\"personal\",\"groupChat\",\"copilot\"]");
  }

  @Test
  void manifest_hasTheStructureOfMicrosoftsSample() throws IOException {
    JsonNode sample = resource("teams-manifest-sample.json");
    ObjectNode ours = manifest(List.of("iisbot.example.com"), 3);

    sample
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals("packageName")) { // gone from the schema since 1.17
                assertThat(ours.has(name)).as(name).isTrue();
                assertThat(ours.get(name).getNodeType())
                    .as(name)
                    .isEqualTo(sample.get(name).getNodeType());
              }
            });
    sample
        .at("/bots/0/commandLists/0/commands/0")
        .fieldNames()
        .forEachRemaining(
            name -> assertThat(ours.at("/bots/0/commandLists/0/commands/0").has(name)).isTrue());
  }

  @Test
  void zip_hasManifestAndIconsAtItsRoot_iconsOfTheRightSizes() throws IOException {
    byte[] zip = TeamsManifest.zip(TeamsManifest.Template.fromJar(), APP_ID, List.of(), catalog(2));
    Map<String, byte[]> entries = unzip(zip);

    assertThat(entries.keySet())
        .containsExactlyInAnyOrder("manifest.json", "color.png", "outline.png");
    assertThat(JSON.readTree(entries.get("manifest.json")).get("id").asText()).isEqualTo(APP_ID);
    BufferedImage color = ImageIO.read(new ByteArrayInputStream(entries.get("color.png")));
    BufferedImage outline = ImageIO.read(new ByteArrayInputStream(entries.get("outline.png")));
    assertThat(color.getWidth()).isEqualTo(192);
    assertThat(color.getHeight()).isEqualTo(192);
    assertThat(outline.getWidth()).isEqualTo(32);
    assertThat(outline.getHeight()).isEqualTo(32);
    assertWhiteOnTransparent(outline);
    assertThat(TeamsManifest.zip(TeamsManifest.Template.fromJar(), APP_ID, List.of(), catalog(2)))
        .as("the same inputs make the same package")
        .isEqualTo(zip);
  }

  /** Teams wants the outline icon white, on a transparent background. */
  static void assertWhiteOnTransparent(BufferedImage icon) {
    int transparent = 0;
    for (int x = 0; x < icon.getWidth(); x++) {
      for (int y = 0; y < icon.getHeight(); y++) {
        int argb = icon.getRGB(x, y);
        int alpha = argb >>> 24;
        if (alpha == 0) {
          transparent++;
        } else {
          assertThat(argb & 0xFFFFFF).as("pixel %d,%d", x, y).isEqualTo(0xFFFFFF);
        }
      }
    }
    assertThat(transparent).isGreaterThan(icon.getWidth() * icon.getHeight() / 2);
  }

  static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  /** The rules of a JSON schema that a manifest can break: enough to hold ours to Teams'. */
  static final class SchemaRules {
    private SchemaRules() {}

    static void check(JsonNode node, JsonNode rule, JsonNode root, String at, List<String> out) {
      if (rule.has("$ref")) {
        check(node, root.at(rule.get("$ref").asText().substring(1)), root, at, out);
        return;
      }
      if (rule.has("enum") && !contains(rule.get("enum"), node)) {
        out.add(at + ": " + node + " not one of " + rule.get("enum"));
      }
      if (rule.has("const") && !rule.get("const").equals(node)) {
        out.add(at + ": " + node + " is not " + rule.get("const"));
      }
      if (node.isTextual()) {
        if (rule.has("maxLength") && node.asText().length() > rule.get("maxLength").asInt()) {
          out.add(at + ": longer than " + rule.get("maxLength").asInt());
        }
        if (rule.has("pattern")
            && !Pattern.compile(rule.get("pattern").asText()).matcher(node.asText()).find()) {
          out.add(at + ": does not match " + rule.get("pattern").asText());
        }
      }
      if (node.isArray()) {
        if (rule.has("maxItems") && node.size() > rule.get("maxItems").asInt()) {
          out.add(at + ": more than " + rule.get("maxItems").asInt() + " items");
        }
        for (int i = 0; i < node.size() && rule.has("items"); i++) {
          check(node.get(i), rule.get("items"), root, at + "[" + i + "]", out);
        }
      }
      if (node.isObject()) {
        JsonNode properties = rule.path("properties");
        rule.path("required")
            .forEach(
                r -> {
                  if (!node.has(r.asText())) {
                    out.add(at + ": " + r.asText() + " is required");
                  }
                });
        node.fieldNames()
            .forEachRemaining(
                name -> {
                  if (properties.has(name)) {
                    check(node.get(name), properties.get(name), root, at + "." + name, out);
                  } else if (rule.path("additionalProperties").isBoolean()
                      && !rule.get("additionalProperties").asBoolean()) {
                    out.add(at + "." + name + ": not allowed");
                  }
                });
      }
    }

    private static boolean contains(JsonNode values, JsonNode node) {
      for (JsonNode v : values) {
        if (v.equals(node)) {
          return true;
        }
      }
      return false;
    }
  }
}
