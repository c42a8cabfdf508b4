package io.iisbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bot's end of injection: a site, pool or host name holding a quote, {@code &}, {@code |},
 * {@code %}, a line break, an XPath or a path character is refused by the parser, before any
 * prompt, plan or agent call, with a message that names the character. (The agent refuses the same
 * names again: AgentHostileNamesTest; and the Windows backend before appcmd, XPath and the SCM.)
 */
final class HostileNamesTest {

  private final CommandParser parser = new CommandParser(Grammar.standard(), "/iis");

  /** One name per character class, with the character the message must show. */
  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("double quote", "a\"b", "\""),
        Arguments.of("apostrophe", "Bob's", "'"),
        Arguments.of("ampersand", "a&calc", "&"),
        Arguments.of("pipe", "a|b", "|"),
        Arguments.of("percent", "%windir%", "%"),
        Arguments.of("line feed", "a\nb", "\\n"),
        Arguments.of("carriage return", "a\rb", "\\r"),
        Arguments.of("NUL", "a\u0000b", "\\u0000"),
        Arguments.of("XPath bracket", "a[1]", "["),
        Arguments.of("XPath closing bracket", "a]", "]"),
        Arguments.of("XPath equals", "a=1", "="),
        Arguments.of("XPath or path slash", "a/b", "/"),
        Arguments.of("path backslash", "..\\..\\windows", "\\"),
        Arguments.of("drive colon", "C:x", ":"),
        Arguments.of("wildcard", "a*", "*"),
        Arguments.of("question mark", "a?", "?"),
        Arguments.of("angle bracket", "a<b", "<"),
        Arguments.of("semicolon", "a;b", ";"),
        Arguments.of("backtick", "a`b", "`"),
        Arguments.of("dollar", "$(whoami)", "$"));
  }

  @ParameterizedTest(name = "pool: {0}")
  @MethodSource("hostile")
  void pool_hostileCharacter_isRefusedNamingIt(String what, String name, String shown) {
    assertRefused("/iis recycle web01 pool:" + quoted(name), shown);
  }

  @ParameterizedTest(name = "site: {0}")
  @MethodSource("hostile")
  void site_hostileCharacter_isRefusedNamingIt(String what, String name, String shown) {
    assertRefused("/iis stop web01 site:" + quoted(name), shown);
  }

  @ParameterizedTest(name = "host: {0}")
  @MethodSource("hostile")
  void host_hostileCharacter_isRefused(String what, String name, String shown) {
    // * and ? make a target a glob over host names (web0*), which is not a name at all.
    org.junit.jupiter.api.Assumptions.assumeFalse(name.equals("a*") || name.equals("a?"));
    assertThatThrownBy(() -> parser.parse("/iis stop " + quoted("web" + name)))
        .isInstanceOf(UsageException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"DefaultAppPool", "\"Default Web Site\"", "\".NET v4.5\"", "Api-2_(x)"})
  void ordinaryIisNames_stillParse(String name) {
    assertThat(parser.parse("/iis recycle web01 pool:" + name).scope()).isNotNull();
    assertThat(parser.parse("/iis stop web01 site:" + name).scope()).isNotNull();
  }

  private void assertRefused(String line, String shown) {
    assertThatThrownBy(() -> parser.parse(line))
        .isInstanceOf(UsageException.class)
        .satisfies(
            e -> {
              String m = e.getMessage();
              assertThat(m.contains(shown) || m.contains("not allowed") || m.contains("quote"))
                  .as("the message names what is wrong: %s", m)
                  .isTrue();
            });
  }

  /** Quoted, as a name with a space or a quote would be typed; a bare name as it is. */
  private static String quoted(String name) {
    return "\"" + name.replace("\"", "\\\"") + "\"";
  }
}
