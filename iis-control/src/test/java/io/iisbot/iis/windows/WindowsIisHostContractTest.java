package io.iisbot.iis.windows;

import io.iisbot.iis.IisHost;
import io.iisbot.iis.IisHostContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The real backend against the IIS of a Windows runner (see .github/workflows/windows-iis.yml): the
 * same contract the simulator passes.
 */
@EnabledOnOs(OS.WINDOWS)
@Tag("windows-iis")
final class WindowsIisHostContractTest extends IisHostContract {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final IisHost host = WindowsIisHost.local("localhost");

  static String property(String name, String dflt) {
    return System.getProperty(name, dflt);
  }

  @Override
  protected IisHost host() {
    return host;
  }

  @Override
  protected String testSite() {
    return property("iisbot.windows.site", "iisbot-test");
  }

  @Override
  protected String testPool() {
    return property("iisbot.windows.pool", "iisbot-test");
  }

  @Override
  protected void pass(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  /** A request to the test site makes WAS start a worker for its pool. */
  @Override
  protected void ensureWorker() throws Exception {
    get(property("iisbot.windows.url", "http://localhost:8088/"));
  }

  static void get(String url) throws Exception {
    HttpResponse<Void> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + url + " answered " + r.statusCode());
    }
  }
}
