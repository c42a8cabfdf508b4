package io.iisbot.adapters.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class MentionTest {

  private static final Mention ALICE = new Mention(Identity.parse("slack:UALICE"), "Alice");
  private static final Mention BOB = new Mention(Identity.parse("discord:42"), "Bob");

  @Test
  void render_tokensAndTheTextBetween_eachTheirOwnWay() {
    String text = "Requested by " + ALICE.token() + ", approved by " + BOB.token() + ".";

    String rendered = Mention.render(text, m -> "@" + m.who().id(), String::toUpperCase);

    assertThat(rendered).isEqualTo("REQUESTED BY @UALICE, APPROVED BY @42.");
    assertThat(Mention.names(text)).isEqualTo("Requested by Alice, approved by Bob.");
  }

  @Test
  void only_aTextThatIsOnePerson_isThatPerson() {
    assertThat(Mention.only(ALICE.token())).contains(ALICE);
    assertThat(Mention.only("by " + ALICE.token())).isEmpty();
    assertThat(Mention.only(ALICE.token() + BOB.token())).isEmpty();
    assertThat(Mention.only("Alice")).isEmpty();
  }

  @Test
  void typedText_cannotForgeAMention_theDelimitersAreStripped() {
    String forged = "\uE000slack:UBOSS\uE001Boss\uE002";

    assertThat(Mention.strip("please " + forged)).isEqualTo("please slack:UBOSSBoss");
    assertThat(Mention.names(Mention.strip(forged))).doesNotContain("\uE000");
  }

  @Test
  void malformedToken_isShownAsText_withoutDelimiters() {
    String broken = "by \uE000not an identity\uE001x\uE002 and " + ALICE.token();

    assertThat(Mention.names(broken)).startsWith("by not an identityx and");
  }

  @Test
  void name_blankOrWithDelimiters_fallsBackToTheIdOrIsCleaned() {
    assertThat(Mention.of(Identity.parse("console:demo")).name()).isEqualTo("demo");
    assertThat(new Mention(Identity.parse("console:demo"), " ").name()).isEqualTo("demo");
    assertThat(new Mention(Identity.parse("console:demo"), "a\uE002b").name()).isEqualTo("ab");
    assertThat(Mention.of(new Caller(Identity.parse("slack:U1"), List.of(), "Al")).name())
        .isEqualTo("Al");
  }

  @Test
  void plainText_showsPeopleByName() {
    ChatMessage m =
        new ChatMessage(
            "Done",
            ChatMessage.Status.SUCCESS,
            List.of("by " + ALICE.token()),
            List.of(new ChatMessage.Field("Confirmed by", BOB.token())),
            List.of(),
            false,
            true);

    assertThat(m.plainText()).isEqualTo("Done\nby Alice\nConfirmed by: Bob");
  }
}
