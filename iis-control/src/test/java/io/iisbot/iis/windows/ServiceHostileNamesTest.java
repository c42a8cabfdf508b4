package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A service name holding a quote, {@code &}, {@code |}, {@code %}, a line break, an XPath or a path
 * character never reaches the SCM or the registry (its {@code DependOnService} and {@code
 * DisplayName} are read under {@code SYSTEM\CurrentControlSet\Services\<name>}, where a backslash
 * would walk to another key).
 */
final class ServiceHostileNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "W3SVC\"",
        "W3SVC'",
        "W3SVC & net stop WAS",
        "W3SVC|WAS",
        "%SystemRoot%",
        "W3SVC\nWAS",
        "W3SVC\r",
        "W3SVC[1]",
        "W3SVC=1",
        "..\\..\\Control",
        "W3SVC\\Parameters",
        "../W3SVC",
        "C:W3SVC",
        "-W3SVC",
        " W3SVC",
        ""
      })
  void everyCall_hostileServiceName_isRefusedBeforeTheScm(String name) {
    FakeScmApi api = new FakeScmApi();
    JnaServiceControl scm = new JnaServiceControl(api);

    assertThatThrownBy(() -> scm.start(name)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> scm.stop(name)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> scm.query(List.of("W3SVC", name)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> scm.dependentsOf(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service name");
    assertThat(api.calls).as("nothing reached the SCM or the registry").isEmpty();
  }
}
