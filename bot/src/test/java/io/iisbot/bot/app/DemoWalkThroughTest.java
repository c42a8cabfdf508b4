package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What someone sees who runs the jar with no configuration: the walk-through reads as a chat would,
 * one line per progress edit, and the start ends with its warm-up.
 */
final class DemoWalkThroughTest {

  @TempDir Path dir;

  @Test
  void walkThrough_readsLikeTheChat_oneLinePerEdit_andShowsTheWarmUp() throws Exception {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    try (Demo demo =
        Demo.start(
            Map.of("IISBOT_PORT", "0"),
            dir.toString(),
            new PrintStream(seen, true, StandardCharsets.UTF_8))) {
      demo.walkThrough();
    }
    String text = seen.toString(StandardCharsets.UTF_8);
    List<String> edits = text.lines().filter(l -> l.startsWith("[m2 edited] ")).toList();

    assertThat(text)
        .contains("demo> /iis status web01")
        .contains("[m2] Done: /iis stop web01")
        .contains("Approved by: demo-approver")
        .contains("[m3] Done: /iis start web01")
        .containsPattern("✓ warm-up api\\.contoso\\.com — GET / → 200 after [0-9.]+m?s");
    assertThat(edits).isNotEmpty().allMatch(l -> l.contains("web01: "));
    // A progress message's buttons are not repeated at every edit.
    assertThat(text.lines().filter(l -> l.strip().equals("[Abort]"))).isEmpty();
  }
}
