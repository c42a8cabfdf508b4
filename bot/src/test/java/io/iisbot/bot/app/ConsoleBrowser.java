package io.iisbot.bot.app;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console page in Debian's headless Chromium, driven as a person would: type, press Enter,
 * click. Explicit binary and driver paths keep Selenium Manager off the network.
 */
final class ConsoleBrowser implements AutoCloseable {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

  private final Path profile;
  private final ChromeDriver driver;
  private final WebDriverWait wait;

  ConsoleBrowser(int width, int height) {
    try {
      this.profile = Files.createTempDirectory("iisbot-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    this.driver = new ChromeDriver(service, options);
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
  }

  ChromeDriver driver() {
    return driver;
  }

  WebDriverWait waiting() {
    return wait;
  }

  /** Opens the console and waits until it is signed in and shows the fleet. */
  void open(String uri) {
    driver.get(uri + "/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
  }

  /** Types into the command box and presses Enter. */
  void type(String command) {
    WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("command-text")));
    input.clear();
    input.sendKeys(command, Keys.ENTER);
  }

  /** Waits for the feed card with this title and returns its message id. */
  String card(String title) {
    By card =
        By.xpath("//article[.//h3[@class='card-title' and normalize-space()=" + q(title) + "]]");
    return wait.until(ExpectedConditions.presenceOfElementLocated(card)).getAttribute("data-id");
  }

  /** The current node of a card (cards are replaced on every edit). */
  WebElement cardNode(String id) {
    return driver.findElement(By.cssSelector("article.card[data-id='" + id + "']"));
  }

  /** Clicks a card's button by its action ({@code confirm}, {@code approve}, {@code cancel}). */
  void click(String id, String action) {
    By button =
        By.cssSelector("article.card[data-id='" + id + "'] button[data-action='" + action + "']");
    wait.until(ExpectedConditions.elementToBeClickable(button)).click();
  }

  /** Waits until a card shows a final message and returns it. */
  WebElement awaitFinal(String id, Duration within) {
    new WebDriverWait(driver, within)
        .ignoring(StaleElementReferenceException.class)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("article.card.is-final[data-id='" + id + "']")));
    return cardNode(id);
  }

  /** Script errors and Content-Security-Policy violations the page has logged so far. */
  List<String> scriptErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .filter(m -> m.contains("Uncaught") || m.contains("Content Security Policy"))
        .toList();
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Saves what the browser shows as {@code target/browser-screenshots/<name>.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path to = SCREENSHOTS.resolve(name + ".png");
      Files.copy(
          driver.getScreenshotAs(OutputType.FILE).toPath(),
          to,
          StandardCopyOption.REPLACE_EXISTING);
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String q(String text) {
    if (!text.contains("'")) {
      return "'" + text + "'";
    }
    if (!text.contains("\"")) {
      return "\"" + text + "\"";
    }
    return "concat('" + text.replace("'", "', \"'\", '") + "')";
  }

  static Map<String, String> demoEnv() {
    return Map.of("IISBOT_PORT", "0");
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // A leftover temp profile is harmless; the next run makes a fresh one.
    }
  }
}
