package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Request bodies as {@link DiscordStub} reads them. Discord takes a message as JSON, or, when files
 * come with it, as {@code multipart/form-data} whose {@code payload_json} part is that JSON; the
 * stub records and answers the JSON either way (the files are not kept).
 */
final class StubBodies {

  private StubBodies() {}

  /** The JSON of a body: the body itself, or a multipart body's {@code payload_json} part. */
  static String payload(String contentType, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    int at = type.indexOf("boundary=");
    if (!type.startsWith("multipart/form-data") || at < 0) {
      return text;
    }
    String boundary = "--" + contentType.substring(at + "boundary=".length()).replace("\"", "");
    for (String part : text.split(java.util.regex.Pattern.quote(boundary))) {
      int headersEnd = part.indexOf("\r\n\r\n");
      if (headersEnd >= 0 && part.substring(0, headersEnd).contains("name=\"payload_json\"")) {
        String value = part.substring(headersEnd + 4);
        return value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value;
      }
    }
    return text;
  }

  /** Whether a message body has nothing to show, which Discord refuses (50006). */
  static boolean isEmpty(JsonNode data) {
    return data.path("content").asText("").isEmpty()
        && data.path("embeds").isEmpty()
        && data.path("components").isEmpty()
        && data.path("attachments").isEmpty()
        && data.path("sticker_ids").isEmpty();
  }

  /** Copies what a create or edit body sets onto the message, as Discord stores it. */
  static void apply(ObjectNode message, JsonNode data) {
    if (data.has("content")) {
      message.put("content", data.get("content").asText(""));
    }
    if (data.has("embeds")) {
      ArrayNode embeds = message.putArray("embeds");
      for (JsonNode embed : data.get("embeds")) {
        ObjectNode rich = DiscordObjects.object().put("type", "rich");
        rich.setAll((ObjectNode) embed);
        embeds.add(rich);
      }
    }
    if (data.has("components")) {
      ArrayNode components = (ArrayNode) data.get("components").deepCopy();
      number(components, new int[] {0});
      message.set("components", components);
    }
  }

  /** Discord numbers components that have no {@code id}, depth first from 1. */
  private static void number(JsonNode components, int[] last) {
    for (JsonNode component : components) {
      if (component instanceof ObjectNode object) {
        last[0]++;
        if (!object.has("id")) {
          object.put("id", last[0]);
        }
        number(object.path("components"), last);
      }
    }
  }
}
