package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.discord.ButtonIds.Click;

/** Makes rendered messages comparable although every button gets a random id. */
final class Clicks {

  private Clicks() {}

  /**
   * A copy of a message's JSON whose every {@code custom_id} is replaced by what it resolves to,
   * {@code → confirm v1.token}, after checking that it is in our form and within 100 characters.
   */
  static JsonNode resolved(JsonNode message, ButtonIds ids) {
    JsonNode copy = message.deepCopy();
    for (JsonNode row : copy.path("components")) {
      for (JsonNode button : row.path("components")) {
        String id = button.get("custom_id").asText();
        assertThat(id).matches("iis:[a-z][a-z0-9-]*:[A-Za-z0-9_-]{16}").hasSizeLessThan(100);
        Click c = ids.resolve(id).orElseThrow();
        ((ObjectNode) button).put("custom_id", "→ " + c.action() + " " + c.value());
      }
    }
    return copy;
  }
}
