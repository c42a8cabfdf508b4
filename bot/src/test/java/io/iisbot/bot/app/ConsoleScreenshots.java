package io.iisbot.bot.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Makes the README's picture of the console, {@code docs/console.png}, from the real demo after a
 * few operations, and a phone-sized one beside the test screenshots. Not a test of its own (tag
 * {@code screenshots}, never run by the build); run it after changing the page's look:
 *
 * <pre>
 * mvn -B -pl bot -am test -Pbrowser -Dtest=ConsoleScreenshots -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Diisbot.test.excludedGroups=none
 * </pre>
 */
@Tag("screenshots")
final class ConsoleScreenshots {

  private static final Duration RESULT = Duration.ofSeconds(40);

  @TempDir Path dir;

  @Test
  void console_afterAFewOperations_isPictured() throws Exception {
    try (Demo demo =
            Demo.start(
                ConsoleBrowser.demoEnv(),
                dir.toString(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        ConsoleBrowser b = new ConsoleBrowser(1280, 1400)) {
      b.open(demo.app().uri());
      b.type("status web02");
      b.card("web02 status");
      confirmed(b, "recycle web02 pool:Api");
      confirmed(b, "stop web03 site:\"Default Web Site\" --reason \"patching\"");
      b.type("stop web01 --drain 30s --reason \"KB5034441\"");
      String stop = b.card("Confirm: /iis stop web01 --drain 30s --reason \"KB5034441\"");
      b.click(stop, "confirm");
      b.waiting()
          .until(
              d ->
                  !b.cardNode(stop)
                      .findElements(By.cssSelector("button[data-action='approve']"))
                      .isEmpty());
      actAs(b, "console:demo-approver", "demo-approver");
      b.click(stop, "approve");
      b.awaitFinal(stop, RESULT);
      actAs(b, "console:demo", "demo");
      b.waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.cssSelector("#fleet li[data-host='web01']"), "stopped"));
      b.waiting().until(d -> d.findElements(By.cssSelector("#history-rows tr")).size() >= 10);
      b.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".toast")));
      Files.copy(
          b.screenshot("console"),
          Path.of("..", "docs", "console.png"),
          StandardCopyOption.REPLACE_EXISTING);

      b.resize(390, 844);
      b.script("window.scrollTo(0, 0)");
      b.screenshot("console-phone");
      b.script("document.getElementById('feed-title').scrollIntoView()");
      b.screenshot("console-phone-feed");
    }
  }

  private static void confirmed(ConsoleBrowser b, String command) {
    b.type(command);
    String id = b.card("Confirm: /iis " + command);
    b.click(id, "confirm");
    b.awaitFinal(id, RESULT);
  }

  private static void actAs(ConsoleBrowser b, String identity, String name) {
    new Select(b.driver().findElement(By.id("acting-as"))).selectByValue(identity);
    b.waiting().until(ExpectedConditions.textToBe(By.id("who"), name));
    b.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".toast")));
  }
}
