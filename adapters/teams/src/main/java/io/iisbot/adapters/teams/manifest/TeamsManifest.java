package io.iisbot.adapters.teams.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.CommandCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Teams' app package for iisbot: the template {@code config/teams/manifest.json} with the bot's app
 * id, its commands (the bot's command registry, in help order: Teams offers them as suggestions)
 * and the bot's domain filled in, zipped with the two icons at the zip's root, ready to upload.
 * Stateless.
 */
final class TeamsManifest {

  /** Where the template and icons are in the jar (the config module's resources). */
  static final String RESOURCES = "/io/iisbot/config/teams/";

  /** Teams lists at most 12 commands per scope (manifest schema 1.30, {@code commandLists}). */
  static final int MAX_COMMANDS = 12;

  /** A command's description shows on one line under its name; older clients cut at 128. */
  static final int DESCRIPTION_MAX = 128;

  static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The template and icons, as read. */
  record Template(byte[] manifest, byte[] color, byte[] outline) {
    Template {
      Objects.requireNonNull(manifest, "manifest");
      Objects.requireNonNull(color, "color");
      Objects.requireNonNull(outline, "outline");
    }

    /** The ones packed in the jar. */
    static Template fromJar() {
      return new Template(read("manifest.json"), read("color.png"), read("outline.png"));
    }

    private static byte[] read(String name) {
      try (InputStream in = TeamsManifest.class.getResourceAsStream(RESOURCES + name)) {
        if (in == null) {
          throw new IllegalStateException("the jar has no " + RESOURCES + name);
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private TeamsManifest() {}

  /**
   * The manifest: the template with {@code {{APP_ID}}} as {@code appId}, {@code {{COMMANDS}}} as
   * the first {@value #MAX_COMMANDS} commands and {@code {{VALID_DOMAINS}}} as {@code domains}.
   *
   * @throws IllegalArgumentException when {@code appId} is not a GUID
   * @throws IllegalStateException when the template has a placeholder this does not fill
   */
  static ObjectNode manifest(
      byte[] template, String appId, List<String> domains, CommandCatalog commands) {
    if (appId == null || !GUID.matcher(appId).matches()) {
      throw new IllegalArgumentException(
          "the app id must be the bot's Microsoft App ID, a GUID such as"
              + " 00000000-0000-0000-0000-000000000000, was \""
              + appId
              + "\"");
    }
    JsonNode root;
    try {
      root = JSON.readTree(template);
    } catch (IOException e) {
      throw new IllegalStateException("the manifest template is not JSON: " + e.getMessage(), e);
    }
    ArrayNode list = JSON.createArrayNode();
    commands.subcommands().stream()
        .limit(MAX_COMMANDS)
        .forEach(
            c ->
                list.addObject()
                    .put("title", c.name())
                    .put("description", describe(c.description())));
    ArrayNode valid = JSON.createArrayNode();
    domains.forEach(valid::add);
    return (ObjectNode)
        fill(
            root,
            Map.of(
                "{{APP_ID}}", JSON.getNodeFactory().textNode(appId),
                "{{COMMANDS}}", list,
                "{{VALID_DOMAINS}}", valid));
  }

  /** The package: manifest.json, color.png and outline.png at the zip's root. */
  static byte[] zip(Template t, String appId, List<String> domains, CommandCatalog commands) {
    ObjectNode manifest = manifest(t.manifest(), appId, domains, commands);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      add(zip, "manifest.json", JSON.writeValueAsBytes(manifest));
      add(zip, "color.png", t.color());
      add(zip, "outline.png", t.outline());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void add(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry e = new ZipEntry(name);
    // The same inputs make the same package, byte for byte.
    e.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0));
    zip.putNextEntry(e);
    zip.write(content);
    zip.closeEntry();
  }

  private static String describe(String summary) {
    String one = summary.replaceAll("\\s+", " ").strip();
    return one.length() <= DESCRIPTION_MAX ? one : one.substring(0, DESCRIPTION_MAX - 1) + "…";
  }

  /** {@code node} with every text that is a placeholder replaced by its value. */
  private static JsonNode fill(JsonNode node, Map<String, JsonNode> values) {
    if (node.isTextual()) {
      String text = node.asText();
      if (values.containsKey(text)) {
        return values.get(text);
      }
      if (text.contains("{{")) {
        throw new IllegalStateException(
            "the manifest template has an unknown placeholder: " + text);
      }
      return node;
    }
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        o.set(name, fill(o.get(name), values));
      }
    } else if (node.isArray()) {
      ArrayNode a = (ArrayNode) node;
      for (int i = 0; i < a.size(); i++) {
        a.set(i, fill(a.get(i), values));
      }
    }
    return node;
  }
}
