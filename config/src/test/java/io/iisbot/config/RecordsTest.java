package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class RecordsTest {

  private static final Secret KEY = Secret.of(ExampleConfigTest.SECRET);

  @Test
  void secret_toString_hidesTheValue() {
    assertThat(Secret.of("xoxb-very-secret").toString()).isEqualTo("Secret[16 bytes]");
  }

  @Test
  void host_badName_isRefusedWithTheValue() {
    assertThatThrownBy(
            () ->
                new Host(
                    "Web_01",
                    URI.create("https://web01:9701"),
                    "bot",
                    KEY,
                    List.of(),
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name: must be 1-63 of a-z 0-9 -, was \"Web_01\"");
  }

  @Test
  void host_shortSecret_isRefused() {
    assertThatThrownBy(
            () ->
                new Host(
                    "web01",
                    URI.create("https://web01:9701"),
                    "bot",
                    Secret.of("short"),
                    List.of(),
                    Optional.empty(),
                    Optional.empty()))
        .hasMessage("secret: needs at least 32 bytes, was 5");
  }

  @Test
  void role_displayNameMember_isRefused() {
    assertThatThrownBy(() -> new Role("ops", List.of("alice"), List.of()))
        .hasMessageStartingWith("members: not an identity: \"alice\"");
  }

  @Test
  void grant_noActions_isRefused() {
    assertThatThrownBy(() -> new Role.Grant(java.util.Set.of(), List.of(new HostPattern("*"))))
        .hasMessage("actions: at least one action is needed");
  }
}
