package io.iisbot.bot.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class PeopleTest {

  private static final Identity SLACK = Identity.parse("slack:UALICE");
  private static final Identity DISCORD = Identity.parse("discord:111");

  private final People people = new People(Map.of("alice", List.of(SLACK, DISCORD)));

  @Test
  void key_isThePerson_forEveryAccount_andTheAccountOtherwise() {
    assertThat(people.key(SLACK)).isEqualTo("person:alice");
    assertThat(people.key(DISCORD)).isEqualTo("person:alice");
    assertThat(people.key(Identity.parse("slack:UBOB"))).isEqualTo("slack:UBOB");
  }

  @Test
  void expand_addsThePersonAndTheirOtherAccounts_keepsMemberships() {
    Caller c = new Caller(DISCORD, List.of(Identity.parse("discord-role:9")), "alice");

    assertThat(people.expand(c).identities())
        .containsExactly(
            DISCORD, Identity.parse("discord-role:9"), Identity.parse("person:alice"), SLACK);
    Caller stranger = new Caller(Identity.parse("slack:UBOB"), List.of(), "bob");
    assertThat(people.expand(stranger)).isSameAs(stranger);
  }

  @Test
  void anAccountOfTwoPeople_isRefused() {
    assertThatThrownBy(() -> new People(Map.of("a", List.of(SLACK), "b", List.of(SLACK))))
        .hasMessageContaining("slack:UALICE belongs to both");
  }

  @Test
  void platformOf_isTheKindBeforeAnyDash() {
    assertThat(People.platformOf(Identity.parse("slack-group:S1"))).isEqualTo("slack");
    assertThat(People.platformOf(DISCORD)).isEqualTo("discord");
    assertThat(People.platformOf(Identity.parse("console:demo"))).isEqualTo("console");
  }
}
