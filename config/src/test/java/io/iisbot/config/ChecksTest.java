package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class ChecksTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "slack:U024BE7LH",
        "slack:W0123ABCD",
        "slack-group:S0614TZR7",
        "discord:80351110224678912",
        "discord-role:112233445566778899",
        "console:alice",
        "console:demo",
        "console:j.doe-2",
        "teams:7faf8ab2-3d56-4244-b585-20c8a42ed2b8",
        "teams-team:19:693ecdb923ac4458a5c23661b505fc84@thread.skype",
        "teams-channel:19:0a1b2c3d4e5f@thread.tacv2"
      })
  void identity_platformQualifiedId_isValid(String identity) {
    assertThat(Checks.identity(identity)).isNull();
    assertThat(Role.isIdentity(identity)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "U024BE7LH",
        "alice",
        "slack:u024be7lh",
        "slack:@alice",
        "slack:S0614TZR7",
        "slack-group:U024BE7LH",
        "discord:alice#1234",
        "discord:",
        "discord-role:@admins",
        "console:",
        "console:alice smith",
        "teams:123",
        "teams:29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQ",
        "teams-channel:General",
        "person:Alice",
        "person:",
        "Slack:U024BE7LH",
        " slack:U024BE7LH"
      })
  void identity_displayNameOrWrongPlatform_isInvalid(String identity) {
    assertThat(Checks.identity(identity))
        .isEqualTo(
            "not an identity: \""
                + identity
                + "\" (use slack:U…, slack-group:S…, discord:<id>, discord-role:<id>,"
                + " console:<name>, teams:<user object id>, teams-team:19:…@thread.tacv2,"
                + " teams-channel:19:… or person:<name>)");
    assertThat(Role.isIdentity(identity)).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://web01:9701                  | ",
        "http://127.0.0.1:9701               | ",
        "https://web01.corp.example.com:9701/ | ",
        "https://[::1]:9701                  | ",
        "HTTPS://web01:9701                  | ",
        "web03:8443                          | not a URL: \"web03:8443\"",
        "web03                               | not a URL: \"web03\"",
        "ftp://web01:21                      | not a URL: \"ftp://web01:21\"",
        "https://:9701                       | not a URL: \"https://:9701\"",
        "https://user:pw@web01:9701          | not a URL: \"https://user:pw@web01:9701\"",
        "https://web 01:9701                 | not a URL: \"https://web 01:9701\"",
        "https://web01                       | needs a port, such as https://web01:9701",
        "https://web01:0                     | the port must be 1 to 65535, was 0",
        "https://web01:70000                 | the port must be 1 to 65535, was 70000",
        "https://web01:9701/agent            | must be only scheme, host and port, was \"https://web01:9701/agent\"",
        "https://web01:9701?x=1              | must be only scheme, host and port, was \"https://web01:9701?x=1\"",
      })
  void agentUrl_text_givesProblem(String url, String problem) {
    assertThat(Checks.agentUrl(url)).isEqualTo(problem);
  }
}
