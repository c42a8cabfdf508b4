package io.iisbot.adapters.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.slack.api.util.json.GsonFactory;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import java.util.ArrayList;
import java.util.List;

/** Rendered blocks as the JSON Slack receives: Bolt's own snake_case serialization. */
final class SlackJson {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Gson SLACK = GsonFactory.createSnakeCase();

  private SlackJson() {}

  static JsonNode blocks(SlackBlocks.Rendered r) throws Exception {
    return JSON.readTree(SLACK.toJson(r.blocks()));
  }

  /** A progress message with these lines, fields and buttons. */
  static ChatMessage message(List<String> lines, List<Field> fields, List<Button> buttons) {
    return new ChatMessage(
        "Running: /iis stop web01", Status.RUNNING, lines, fields, buttons, false, false);
  }

  /** Every text Slack counts: the blocks' texts, the fields, the button labels. */
  static List<String> texts(JsonNode blocks) {
    List<String> out = new ArrayList<>();
    blocks
        .findValues("text")
        .forEach(t -> out.add(t.isTextual() ? t.asText() : t.path("text").asText()));
    return out;
  }
}
