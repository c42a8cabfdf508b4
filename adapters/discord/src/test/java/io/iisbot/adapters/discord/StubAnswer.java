package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An answer of {@link DiscordStub}'s REST API: a status and a JSON body, or no body for 204.
 *
 * @param body JSON text, or null for no content
 */
record StubAnswer(int status, String body) {

  static StubAnswer ok(JsonNode body) {
    return new StubAnswer(200, body.toString());
  }

  static StubAnswer noContent() {
    return new StubAnswer(204, null);
  }

  /** Discord's error body: {@code {"message": "...", "code": n}}. */
  static StubAnswer error(int status, int code, String message) {
    return new StubAnswer(
        status, DiscordObjects.object().put("message", message).put("code", code).toString());
  }

  static StubAnswer notFound() {
    return error(404, 0, "404: Not Found");
  }

  static StubAnswer unknownChannel() {
    return error(404, 10003, "Unknown Channel");
  }

  static StubAnswer unknownMessage() {
    return error(404, 10008, "Unknown Message");
  }

  static StubAnswer unknownWebhook() {
    return error(404, 10015, "Unknown Webhook");
  }
}
