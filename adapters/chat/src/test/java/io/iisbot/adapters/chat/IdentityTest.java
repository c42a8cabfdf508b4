package io.iisbot.adapters.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class IdentityTest {

  @Test
  void parse_teamsChannel_keepsTheColonsOfTheIdAfterTheKind() {
    Identity id = Identity.parse("teams-channel:19:0a1b2c3d4e5f@thread.tacv2");

    assertThat(id.kind()).isEqualTo("teams-channel");
    assertThat(id.id()).isEqualTo("19:0a1b2c3d4e5f@thread.tacv2");
    assertThat(id.toString()).isEqualTo("teams-channel:19:0a1b2c3d4e5f@thread.tacv2");
  }

  @Test
  void parse_spacesOrNoKind_areRefusedWithTheText() {
    assertThatThrownBy(() -> Identity.parse("teams:a b")).hasMessage("not an identity: teams:a b");
    assertThatThrownBy(() -> Identity.parse(":x")).hasMessageContaining("\":x\"");
  }
}
