package io.iisbot.bot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.config.HostPattern;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class PermissionsTest {

  private static final Permissions PERMISSIONS =
      new Permissions(
          List.of(
              new Permissions.Role(
                  "oncall",
                  Set.of(Identity.parse("slack-group:S0614TZR7")),
                  List.of(
                      new Permissions.Grant(
                          Set.of("stop", "start", "suspend", "resume", "recycle", "status"),
                          List.of(new HostPattern("@web"))))),
              new Permissions.Role(
                  "viewers",
                  Set.of(Identity.parse("discord-role:42")),
                  List.of(
                      new Permissions.Grant(
                          Set.of("status", "events"), List.of(new HostPattern("*"))))),
              new Permissions.Role(
                  "admins",
                  Set.of(Identity.parse("slack:UADMIN")),
                  List.of(new Permissions.Grant(Set.of("*"), List.of(new HostPattern("web0*")))))),
          Map.of(
              "web01", Set.of("web", "production"), "web02", Set.of("web"), "db01", Set.of("db")));

  static Caller caller(String user, String... memberships) {
    return new Caller(
        Identity.parse(user),
        java.util.Arrays.stream(memberships).map(Identity::parse).toList(),
        null);
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
    "slack:U1 slack-group:S0614TZR7, stop, web01, oncall",
    "slack:U1 slack-group:S0614TZR7, recycle, web02, oncall",
    "slack:U1 slack-group:S0614TZR7, reset, web01, ",
    "slack:U1 slack-group:S0614TZR7, stop, db01, ",
    "discord:7 discord-role:42, status, db01, viewers",
    "discord:7 discord-role:42, stop, web01, ",
    "slack:UADMIN, reset, web07, admins",
    "slack:UADMIN, reset, db01, ",
    "slack:NOBODY, status, web01, "
  })
  void check_grantsOnlyWhatARoleSays(String ids, String action, String host, String role) {
    String[] parts = ids.split(" ");
    Caller c = caller(parts[0], java.util.Arrays.copyOfRange(parts, 1, parts.length));

    Permissions.Decision d = PERMISSIONS.check(c, action, host);

    if (role == null) {
      assertThat(d).isInstanceOf(Permissions.Decision.Denied.class);
    } else {
      assertThat(d).isEqualTo(new Permissions.Decision.Allowed(role));
    }
  }

  @org.junit.jupiter.api.Test
  void denial_namesTheMissingPermissionAndTheCallersIds() {
    Permissions.Decision d =
        PERMISSIONS.check(caller("slack:U1", "slack-group:S0614TZR7"), "reset", "web01");

    assertThat(((Permissions.Decision.Denied) d).message())
        .isEqualTo(
            "you may not reset web01: no role grants \"reset\" on web01 (groups @production, @web). Ask an"
                + " iisbot admin to add one of your ids to a role that does: slack:U1, slack-group:S0614TZR7");
  }

  @org.junit.jupiter.api.Test
  void mayEver_drivesHelp() {
    Caller viewer = caller("discord:7", "discord-role:42");

    assertThat(PERMISSIONS.mayEver(viewer, "status")).isTrue();
    assertThat(PERMISSIONS.mayEver(viewer, "stop")).isFalse();
  }
}
