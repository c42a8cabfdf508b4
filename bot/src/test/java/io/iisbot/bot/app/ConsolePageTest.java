package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console page as the demo serves it: its files, their types and the security headers. */
final class ConsolePageTest {

  @TempDir static Path dir;

  private static Demo demo;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    demo =
        Demo.start(
            Map.of("IISBOT_PORT", "0"),
            dir.toString(),
            new PrintStream(new ByteArrayOutputStream()));
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(demo.app().uri() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void page_isServedWithAStrictPolicy_andNeverCached() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                + " connect-src 'self'; frame-ancestors 'none'");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/console/console.js\">");
  }

  @Test
  void page_hasNoInlineScriptOrStyle_whichThePolicyWouldBlock() throws Exception {
    String html = get("/").body();

    assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
    assertThat(html).doesNotContain("<style").doesNotContain(" style=");
    assertThat(html).doesNotContainPattern("\\son[a-z]+=");
    assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
  }

  @Test
  void everyScriptTheModulesImport_isServedAsJavaScript() throws Exception {
    HttpResponse<String> css = get("/console/console.css");
    assertThat(css.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));

    Pattern imports = Pattern.compile("from \"\\./([a-z]+\\.js)\"");
    java.util.Deque<String> toRead = new java.util.ArrayDeque<>(java.util.List.of("console.js"));
    java.util.Set<String> read = new java.util.TreeSet<>();
    while (!toRead.isEmpty()) {
      String name = toRead.pop();
      if (!read.add(name)) {
        continue;
      }
      HttpResponse<String> js = get("/console/" + name);
      assertThat(js.statusCode()).as(name).isEqualTo(200);
      assertThat(js.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
      // Text from the API goes in with textContent only.
      assertThat(js.body()).as(name).doesNotContain("innerHTML").doesNotContain("eval(");
      Matcher m = imports.matcher(js.body());
      while (m.find()) {
        toRead.push(m.group(1));
      }
    }
    assertThat(read).contains("api.js", "feed.js", "fleet.js", "history.js", "operation.js");
  }
}
