package io.iisbot.adapters.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Mention;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the console keeps of its messages, and whose messages a flood can push out. */
final class ConsoleChatTest {

  private static final Caller ALICE = caller("console:alice");
  private static final Caller BOB = caller("console:bob");
  private static final Caller MALLORY = caller("console:mallory");

  private final ConsoleChat chat = new ConsoleChat();

  private static Caller caller(String id) {
    return new Caller(Identity.parse(id), List.of(), null);
  }

  private static ChatMessage card(String title, boolean last) {
    return new ChatMessage(title, Status.RUNNING, List.of(), List.of(), List.of(), false, last);
  }

  private static ChatMessage help(int i) {
    return ChatMessage.privateReply("iisbot help " + i, Status.INFO, List.of("/iis status"));
  }

  private String post(Caller who, ChatMessage m) {
    return chat.post(ConsoleChat.PLATFORM, who, m);
  }

  private List<String> titlesSeenBy(Caller who) {
    return chat.recent(who.user().toString(), 200).stream().map(s -> s.message().title()).toList();
  }

  @Test
  void finding10_helpFlood_keepsOthersRunningCards() {
    String prompt = post(ALICE, card("Confirm: /iis stop web01", false));
    chat.update(ConsoleChat.PLATFORM, prompt, card("Running: /iis stop web01", false));
    String aliceHelp = post(ALICE, help(0));
    String bobDone = post(BOB, card("Done: /iis start web02", true));
    List<String> flood = new ArrayList<>();
    for (int i = 1; i <= 3_000; i++) {
      flood.add(post(MALLORY, help(i)));
    }

    assertThat(chat.get(prompt, "console:bob")).isPresent();
    assertThat(chat.get(prompt, "console:bob").orElseThrow().message().title())
        .isEqualTo("Running: /iis stop web01");
    assertThat(chat.get(aliceHelp, "console:alice")).isPresent();
    assertThat(chat.get(bobDone, "console:alice")).isPresent();
    assertThat(titlesSeenBy(ALICE))
        .containsExactly("Running: /iis stop web01", "iisbot help 0", "Done: /iis start web02");
    // The flood pushed out only the flooder's own older replies.
    assertThat(chat.get(flood.get(0), "console:mallory")).isEmpty();
    assertThat(chat.get(flood.get(flood.size() - 1), "console:mallory")).isPresent();
    assertThat(flood.stream().filter(id -> chat.get(id, "console:mallory").isPresent()).count())
        .isEqualTo(ConsoleChat.MAX_PRIVATE_PER_VIEWER);
    assertThat(titlesSeenBy(MALLORY)).last().isEqualTo("iisbot help 3000");
  }

  @Test
  void finding10_finishedPublicCards_goOldestFirst_butAnUnfinishedOneStays() {
    String running = post(ALICE, card("Running: /iis recycle web01", false));
    List<String> done = new ArrayList<>();
    for (int i = 0; i < ConsoleChat.MAX_FINISHED + 10; i++) {
      done.add(post(MALLORY, card("web02 status " + i, true)));
    }

    assertThat(chat.get(running, "console:bob")).isPresent();
    assertThat(done.subList(0, 10)).allMatch(id -> chat.get(id, "console:bob").isEmpty());
    assertThat(done.subList(10, done.size()))
        .allMatch(id -> chat.get(id, "console:bob").isPresent());

    // Once finished, it is the oldest finished card and the next one pushes it out.
    chat.update(ConsoleChat.PLATFORM, running, card("Done: /iis recycle web01", true));
    post(MALLORY, card("web02 status again", true));
    assertThat(chat.get(running, "console:bob")).isEmpty();
  }

  @Test
  void onePersonsUnclickedPrompts_pushOutOnlyTheirOwn_pastTheCeiling() {
    String bobs = post(BOB, card("Confirm: /iis stop web03", false));
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < ConsoleChat.MAX_OPEN_PER_POSTER + 1; i++) {
      prompts.add(post(MALLORY, card("Confirm: /iis stop web02 #" + i, false)));
    }

    assertThat(chat.get(bobs, "console:alice")).isPresent();
    assertThat(chat.get(prompts.get(0), "console:alice")).isEmpty();
    assertThat(chat.get(prompts.get(1), "console:alice")).isPresent();
  }

  @Test
  void privateReplies_areSeenOnlyByTheirViewer_inPostingOrderWithPublicOnes() {
    post(ALICE, card("web01 status", true));
    post(BOB, help(1));
    post(ALICE, help(2));
    String prompt = post(BOB, card("Confirm: /iis stop web01", false));
    chat.update(ConsoleChat.PLATFORM, prompt, card("Done: /iis stop web01", true));

    assertThat(titlesSeenBy(ALICE))
        .containsExactly("web01 status", "iisbot help 2", "Done: /iis stop web01");
    assertThat(titlesSeenBy(BOB))
        .containsExactly("web01 status", "iisbot help 1", "Done: /iis stop web01");
    assertThat(chat.recent("console:alice", 2))
        .extracting(s -> s.message().title())
        .containsExactly("iisbot help 2", "Done: /iis stop web01");
    assertThat(chat.get(prompt, "console:alice").orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void update_ofAnUnknownMessage_isRefused() {
    assertThatThrownBy(() -> chat.update(ConsoleChat.PLATFORM, "m404", card("x", true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no console message m404");
  }

  @Test
  void people_areShownByName_onPostAndUpdate_whateverTheirPlatform() {
    String slackUser = new Mention(Identity.parse("slack:UALICE"), "alice").token();
    String consoleUser = Mention.of(Identity.parse("console:demo")).token();
    ChatMessage m =
        new ChatMessage(
            "Confirm",
            Status.PENDING,
            List.of("Requested by " + consoleUser),
            List.of(new ChatMessage.Field("Approved by", slackUser)),
            List.of(),
            false,
            false);

    String id = post(ALICE, m);
    ChatMessage posted = chat.get(id, "console:alice").orElseThrow().message();
    chat.update(ConsoleChat.PLATFORM, id, m);
    ChatMessage updated = chat.get(id, "console:alice").orElseThrow().message();

    assertThat(posted.lines()).containsExactly("Requested by demo");
    assertThat(posted.fields()).containsExactly(new ChatMessage.Field("Approved by", "alice"));
    assertThat(updated).isEqualTo(posted);
  }
}
