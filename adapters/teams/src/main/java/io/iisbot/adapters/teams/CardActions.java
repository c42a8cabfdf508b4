package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@code Action.Execute} click sends back. Every button of an iisbot card has the button's
 * action as its {@code verb} and {@code data} {@code {"iisbot": {"action": …, "value": …}}}; Teams
 * sends the {@code data} back unchanged in the {@code adaptiveCard/action} invoke's {@code
 * value.action.data}, so the signed value comes back as the bot wrote it. Stateless.
 */
final class CardActions {

  /** The action of a card's {@code refresh} (a view for some people only, {@code userIds}). */
  static final String REFRESH = "iisbot.refresh";

  static final String EXECUTE = "Action.Execute";

  /** The key under {@code data} that marks a click as one of ours. */
  static final String DATA_KEY = "iisbot";

  private CardActions() {}

  /** A click: the button's action id and its value (empty for {@link #REFRESH}). */
  record Click(String action, String value) {
    Click {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The button's action id and value from an {@code adaptiveCard/action} invoke's {@code value}
   * ({@code {"action": {"type": "Action.Execute", "verb": …, "data": …}, "trigger": …}}); empty if
   * it is not one of ours: another type of action, no or another {@code data}, a verb that is not
   * the action the data names.
   */
  static Optional<Click> parse(JsonNode invokeValue) {
    if (invokeValue == null || !invokeValue.isObject()) {
      return Optional.empty();
    }
    JsonNode action = invokeValue.path("action");
    JsonNode type = action.path("type");
    if (!type.isMissingNode() && !EXECUTE.equals(type.asText())) {
      return Optional.empty();
    }
    JsonNode ours = action.path("data").path(DATA_KEY);
    JsonNode id = ours.path("action");
    JsonNode value = ours.path("value");
    if (!id.isTextual() || id.asText().isEmpty() || !(value.isTextual() || value.isMissingNode())) {
      return Optional.empty();
    }
    JsonNode verb = action.path("verb");
    if (!verb.isMissingNode() && !verb.isNull() && !id.asText().equals(verb.asText())) {
      return Optional.empty();
    }
    return Optional.of(new Click(id.asText(), value.asText("")));
  }

  /**
   * An {@code Action.Execute} that sends {@code action} and {@code value} back.
   *
   * @param title what the button says; null for a card's refresh action, which shows no button
   */
  static ObjectNode execute(String action, String value, String title) {
    ObjectNode a = JsonNodeFactory.instance.objectNode();
    a.put("type", EXECUTE);
    if (title != null) {
      a.put("title", title);
    }
    a.put("verb", action);
    a.putObject("data").putObject(DATA_KEY).put("action", action).put("value", value);
    return a;
  }
}
