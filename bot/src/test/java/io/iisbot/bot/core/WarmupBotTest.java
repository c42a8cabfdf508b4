package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.iis.sim.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start's result through the whole bot shows the agent's warm-up of each site. */
final class WarmupBotTest {

  @TempDir Path dir;

  private BotHarness harness;
  private LocalChat chat;

  @BeforeEach
  void start() {
    LoopbackAgents fleet =
        new LoopbackAgents()
            .add("web01", Scenarios.named("healthy"))
            .add(
                "web03",
                Scenarios.parse(
                    "pools: [{name: Cold, warmup: 1h}]\n"
                        + "sites: [{name: cold.contoso.com, pool: Cold,"
                        + " bindings: [\"http/*:80:cold.contoso.com\"]}]\n",
                    "never-warm"));
    harness = new BotHarness(fleet, dir);
    chat = harness.chat;
    harness.bot("web01", "web03");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private ChatMessage run(String command) throws InterruptedException {
    String prompt = chat.type(BotHarness.ALICE, "C1", command).get(0);
    chat.click(BotHarness.ALICE, prompt, "Confirm");
    return chat.await(prompt, ChatMessage::last, Duration.ofSeconds(60));
  }

  @Test
  void start_resultShowsEachSitesWarmUp() throws Exception {
    run("/iis stop web01");

    ChatMessage done = run("/iis start web01");

    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
    assertThat(done.plainText())
        .contains("✓ warm-up Default Web Site — GET / → 200 after")
        .containsPattern(
            "✓ warm-up api\\.contoso\\.com — GET / → 200 after [0-9.]+s \\(\\d+ tries\\)");
  }

  @Test
  void start_siteThatNeverWarms_failsTheOperation() throws Exception {
    run("/iis stop web03 pool:Cold");

    ChatMessage done = run("/iis start web03 pool:Cold");

    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.FAILURE);
    assertThat(done.plainText())
        .contains(
            "✗ warm-up cold.contoso.com — GET / did not answer a status below 500 within 60s: last 503");
  }
}
