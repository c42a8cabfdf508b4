package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class NamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DefaultAppPool",
        "Default Web Site",
        "Classic .NET AppPool",
        "Site1",
        "my-pool_2 (v4)@x",
        "Контур-7",
        ".NET v4.5"
      })
  void pool_ordinaryIisNames_areReturnedUnchanged(String name) {
    assertThat(Names.pool(name)).isEqualTo(name);
    assertThat(Names.site(name)).isEqualTo(name);
  }

  @Test
  void pool_128Characters_isTheLimit() {
    assertThat(Names.pool("p".repeat(128))).hasSize(128);
    assertThatThrownBy(() -> Names.pool("p".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 128 characters");
  }

  @Test
  void pool_controlCharacter_messageShowsItEscaped() {
    assertThatThrownBy(() -> Names.pool("a\nb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a valid app pool name: \"a\\u000ab\"")
        .hasMessageNotContaining("\n");
  }

  @Test
  void site_empty_saysANameIsNeeded() {
    assertThatThrownBy(() -> Names.site(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a site name is needed");
    assertThatThrownBy(() -> Names.site(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a site name is needed");
  }

  @Test
  void site_trailingSpace_isRejected() {
    assertThatThrownBy(() -> Names.site("Shop "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no leading or trailing space");
  }

  @ParameterizedTest
  @ValueSource(strings = {"W3SVC", "WAS", "HTTP", "NetTcpActivator", "AppHostSvc", "w3logsvc"})
  void service_keyNames_areAccepted(String name) {
    assertThat(Names.service(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"W3SVC WAS", "W3SVC'", "-W3SVC", "W3SVC\"", "a/b", "Über"})
  void service_otherCharacters_areRejected(String name) {
    assertThatThrownBy(() -> Names.service(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid service name");
  }

  @Test
  void printable_longName_isCutAt140CodePoints() {
    assertThat(Names.printable("x".repeat(300))).hasSize(140);
  }
}
