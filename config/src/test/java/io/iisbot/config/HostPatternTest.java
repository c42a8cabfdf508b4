package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class HostPatternTest {

  @ParameterizedTest(name = "{0} on {1} [{2}] -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "web01       | web01       | web,production | true",
        "web01       | web02       | web,production | false",
        "web01       | WEB01       | ''             | true",
        "WEB01       | web01       | ''             | true",
        "web0*       | web02       | web            | true",
        "web0*       | web0        | web            | true",
        "web0*       | web10       | web            | false",
        "WEB*        | web-prod-1  | ''             | true",
        "WEB*        | Web07       | ''             | true",
        "WEB*        | db01        | ''             | false",
        "web0?       | web01       | ''             | true",
        "web0?       | WEB09       | ''             | true",
        "web0?       | web0        | ''             | false",
        "web0?       | web010      | ''             | false",
        "w?b*1       | web-prod-1  | ''             | true",
        "w?b*1       | web-prod-2  | ''             | false",
        "*-staging   | web-staging | web            | true",
        "*-staging   | web-stagingx | web           | false",
        "*a*b*       | xxaybzz     | ''             | true",
        "*a*b*       | xxbyazz     | ''             | false",
        "*           | anything    | ''             | true",
        "?           | a           | ''             | true",
        "?           | ab          | ''             | false",
        "@production | web01       | web,production | true",
        "@production | web03       | web            | false",
        "@Production | web01       | web,production | true",
        "@production | web01       | web,Production | true",
        "@production | production  | ''             | false",
      })
  void matches_hostAndItsGroups_asTheTableSays(
      String pattern, String host, String groups, boolean matches) {
    List<String> g = groups.isEmpty() ? List.of() : List.of(groups.split(","));

    assertThat(new HostPattern(pattern).matches(host, g)).isEqualTo(matches);
  }

  @Test
  void matches_configuredHost_usesItsNameAndGroups() {
    Host web01 =
        new Host(
            "web01",
            java.net.URI.create("https://web01:9701"),
            "bot",
            Secret.random(32),
            List.of("production"),
            Optional.empty(),
            Optional.empty());

    assertThat(new HostPattern("@production").matches(web01)).isTrue();
    assertThat(new HostPattern("web0?").matches(web01)).isTrue();
    assertThat(new HostPattern("db*").matches(web01)).isFalse();
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource({"WEB*, web*", "'  web0? ', web0?", "@Production, @production", "Web01, web01"})
  void text_isStrippedAndLowerCase(String written, String kept) {
    assertThat(new HostPattern(written).text()).isEqualTo(kept);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"web 01", "@", "@web*", "@web?", "web.01", "web_01", "", "wéb01"})
  void check_badSyntax_isNamedWithWhatToWrite(String pattern) {
    assertThat(HostPattern.check(pattern))
        .isEqualTo(
            "not a host pattern: \""
                + pattern
                + "\" (use a name like web01, a glob like web0* or web0?, a group like"
                + " @production, or *)");
  }

  @Test
  void constructor_badSyntax_throwsNamingTheField() {
    assertThatThrownBy(() -> new HostPattern("web.01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("host pattern: not a host pattern: \"web.01\"");
  }
}
