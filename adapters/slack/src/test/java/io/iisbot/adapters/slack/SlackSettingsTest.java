package io.iisbot.adapters.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which workspaces and organizations the configured app answers. */
final class SlackSettingsTest {

  private static SlackSettings settings(String team, String enterprise) {
    return new SlackSettings(
        Optional.of(new byte[32]),
        "xoxb-1",
        Optional.empty(),
        "/iis",
        SlackSettings.DEFAULT_API_URL,
        Set.of(),
        Optional.ofNullable(team),
        Optional.ofNullable(enterprise));
  }

  @Test
  void foreign_nothingConfigured_answersEveryWorkspace() {
    assertThat(settings(null, null).foreign("T1", null)).isEmpty();
    assertThat(settings(null, null).foreign(null, null)).isEmpty();
  }

  @Test
  void foreign_teamConfigured_refusesAnyOtherOrNone() {
    SlackSettings s = settings("T0001", null);

    assertThat(s.foreign("T0001", "E1")).isEmpty();
    assertThat(s.foreign("T0002", null)).contains("workspace T0002 is not the configured T0001");
    assertThat(s.foreign(null, null)).contains("workspace (none) is not the configured T0001");
  }

  @Test
  void foreign_enterpriseConfigured_refusesAnyOtherOrganization() {
    SlackSettings s = settings(null, "E0001");

    assertThat(s.foreign("T9", "E0001")).isEmpty();
    assertThat(s.foreign("T9", "E0002")).contains("organization E0002 is not the configured E0001");
    assertThat(s.foreign("T9", null)).isPresent();
  }
}
