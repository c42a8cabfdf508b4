package io.iisbot.adapters.teams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What comes back from a click: ours or not. */
final class CardActionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void parse_ourButton_givesActionAndValue() throws Exception {
    JsonNode value =
        json(
            "{'action': {'type': 'Action.Execute', 'id': '', 'verb': 'confirm',"
                + " 'data': {'iisbot': {'action': 'confirm', 'value': 'v1.abc'}}},"
                + " 'trigger': 'manual'}");

    assertThat(CardActions.parse(value)).contains(new CardActions.Click("confirm", "v1.abc"));
  }

  @Test
  void parse_withoutVerb_trustsTheData_withoutValue_isEmptyValue() throws Exception {
    JsonNode value =
        json("{'action': {'type': 'Action.Execute', 'data': {'iisbot': {'action': 'x'}}}}");

    assertThat(CardActions.parse(value)).contains(new CardActions.Click("x", ""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'action': {'type': 'Action.Submit', 'data': {'iisbot': {'action': 'confirm', 'value': 'v'}}}}",
        "{'action': {'type': 'Action.Execute', 'verb': 'confirm', 'data': {'x': 1}}}",
        "{'action': {'type': 'Action.Execute', 'verb': 'abort', 'data': {'iisbot': {'action': 'confirm', 'value': 'v'}}}}",
        "{'action': {'type': 'Action.Execute', 'data': {'iisbot': {'action': '', 'value': 'v'}}}}",
        "{'action': {'type': 'Action.Execute', 'data': {'iisbot': {'action': 'confirm', 'value': 5}}}}",
        "{'action': {'type': 'Action.Execute', 'data': 'edit'}}",
        "{'trigger': 'manual'}",
        "'text'",
      })
  void parse_notOurs_isEmpty(String text) throws Exception {
    assertThat(CardActions.parse(json(text))).isEmpty();
  }

  @Test
  void parse_null_isEmpty() {
    assertThat(CardActions.parse(null)).isEmpty();
  }
}
