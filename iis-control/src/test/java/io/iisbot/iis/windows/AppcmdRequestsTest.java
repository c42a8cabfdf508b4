package io.iisbot.iis.windows;

import static io.iisbot.iis.windows.FakeProcessRunner.fail;
import static io.iisbot.iis.windows.FakeProcessRunner.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.IisException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code list requests} per site and per worker, joined by request id. */
final class AppcmdRequestsTest {

  private static final Path EXE = Path.of("C:\\Windows\\system32\\inetsrv\\appcmd.exe");

  private static final String WORKERS =
      "<appcmd>\t<WP WP.NAME=\"4100\" APPPOOL.NAME=\"ApiPool\" />\n"
          + "<WP WP.NAME=\"4200\" APPPOOL.NAME=\"DefaultAppPool\" /></appcmd>";

  private static final String SITES =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <appcmd>
          <SITE SITE.NAME="Default Web Site" SITE.ID="1" bindings="http/*:80:" state="Started" />
          <SITE SITE.NAME="Api" SITE.ID="2" bindings="http/*:8080:" state="Started" />
      </appcmd>
      """;

  /** The published IIS 7 sample, served by DefaultAppPool's worker on Default Web Site. */
  private static final String SLOW_ASPX = AppcmdFixtures.read("appcmd-list-requests.txt");

  /** The published later sample (space inside the id), served by ApiPool's worker on Api. */
  private static final String LOOP_PHP =
      AppcmdFixtures.read("appcmd-list-requests-elapsed-stage-module.txt");

  private final FakeProcessRunner runner = new FakeProcessRunner();
  private final AppcmdCli appcmd = new AppcmdCli(runner, EXE, Duration.ofSeconds(30));

  private void cannedHost() {
    runner
        .on(ok(WORKERS), "list", "wp", "/xml")
        .on(ok(SITES), "list", "site", "/config:*", "/xml")
        .on(ok(SLOW_ASPX), "list", "requests", "/site.name:Default Web Site")
        .on(ok(LOOP_PHP), "list", "requests", "/site.name:Api")
        .on(ok(LOOP_PHP.replace("2840 msec", "2901 msec")), "list", "requests", "/wp.name:4100")
        .on(ok(SLOW_ASPX), "list", "requests", "/wp.name:4200");
  }

  @Test
  void requests_perSiteAndPerWorker_joinedWithSitePoolAndPid() {
    cannedHost();

    Optional<List<ActiveRequest>> requests = appcmd.requests();

    assertThat(requests)
        .contains(
            List.of(
                new ActiveRequest(
                    "fa000000080000026",
                    "ApiPool",
                    "Api",
                    "/loop.php",
                    "GET",
                    Duration.ofMillis(2901),
                    4100),
                new ActiveRequest(
                    "fb0000008000000e",
                    "DefaultAppPool",
                    "Default Web Site",
                    "/wait.aspx?time=10000",
                    "GET",
                    Duration.ofMillis(4276),
                    4200)));
  }

  @Test
  void requests_commands_workersSitesThenOneListingEach() {
    cannedHost();

    appcmd.requests();

    assertThat(runner.commands())
        .containsExactly(
            List.of(EXE.toString(), "list", "wp", "/xml"),
            List.of(EXE.toString(), "list", "site", "/config:*", "/xml"),
            List.of(EXE.toString(), "list", "requests", "/site.name:Default Web Site"),
            List.of(EXE.toString(), "list", "requests", "/site.name:Api"),
            List.of(EXE.toString(), "list", "requests", "/wp.name:4100"),
            List.of(EXE.toString(), "list", "requests", "/wp.name:4200"));
  }

  @Test
  void requests_noWorkers_emptyWithoutAskingForRequests() {
    runner.on(ok("<appcmd></appcmd>"), "list", "wp", "/xml");

    assertThat(appcmd.requests()).contains(List.of());
    assertThat(runner.commands()).hasSize(1);
  }

  @Test
  void requests_requestMonitorNotInstalled_isEmptyOptional() {
    cannedHost();
    // As published for a host without Request Monitor (hresult 0x80004001, E_NOTIMPL).
    runner.on(
        fail(
            -2147467263,
            "ERROR ( hresult:80004001, message:Command execution failed.\r\nNot implemented\r\n )"),
        "list",
        "requests",
        "/site.name:Default Web Site");

    assertThat(appcmd.requests()).isEmpty();
    assertThat(runner.commands()).hasSize(3);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ERROR ( message:The RequestMonitor feature is not installed. )",
        "ERROR ( message:The request is not supported. )"
      })
  void requests_guessedRequestMonitorMessagesOnAWorker_isEmptyOptional(String stdout) {
    cannedHost();
    runner.on(fail(1, stdout), "list", "requests", "/wp.name:4100");

    assertThat(appcmd.requests()).isEmpty();
  }

  @Test
  void requests_accessDenied_isThrownNotHidden() {
    cannedHost();
    runner.on(
        fail(5, "ERROR ( hresult:80070005, message:Access is denied. )"),
        "list",
        "requests",
        "/site.name:Api");

    assertThatThrownBy(appcmd::requests)
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IisException.ACCESS_DENIED);
              assertThat(e.operation()).isEqualTo("list requests");
              assertThat(e.target()).isEqualTo("Api");
            });
  }

  @Test
  void requests_workerGoneBetweenListings_isSkipped() {
    cannedHost();
    runner.on(
        fail(1168, "ERROR ( message:Cannot find WP object with identifier \"4100\". )"),
        "list",
        "requests",
        "/wp.name:4100");

    List<ActiveRequest> requests = appcmd.requests().orElseThrow();

    // The Api request is still known from the site listing, without pool or pid.
    assertThat(requests)
        .extracting(
            ActiveRequest::id, ActiveRequest::site, ActiveRequest::pool, ActiveRequest::workerPid)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "fb0000008000000e", "Default Web Site", "DefaultAppPool", 4200),
            org.assertj.core.groups.Tuple.tuple("fa000000080000026", "Api", "", 0));
    assertThat(requests.get(1).elapsed()).isEqualTo(Duration.ofMillis(2840));
    assertThat(requests.get(1).url()).isEqualTo("/loop.php");
  }

  @Test
  void requests_siteNameNamesRefuses_notQueriedButItsRequestsStillListed() {
    runner
        .on(ok(WORKERS), "list", "wp", "/xml")
        .on(
            ok(
                "<appcmd><SITE SITE.NAME=\"Contoso &amp; Co\" SITE.ID=\"9\" bindings=\"http/*:81:\""
                    + " state=\"Started\" /></appcmd>"),
            "list",
            "site",
            "/config:*",
            "/xml")
        .on(ok(SLOW_ASPX), "list", "requests", "/wp.name:4200");

    List<ActiveRequest> requests = appcmd.requests().orElseThrow();

    assertThat(runner.commands())
        .extracting(c -> c.get(c.size() - 1))
        .containsExactly("/xml", "/xml", "/wp.name:4100", "/wp.name:4200");
    assertThat(requests)
        .containsExactly(
            new ActiveRequest(
                "fb0000008000000e",
                "DefaultAppPool",
                "",
                "/wait.aspx?time=10000",
                "GET",
                Duration.ofMillis(4276),
                4200));
  }

  @Test
  void requests_timedOut_isTimeoutCode() {
    cannedHost();
    runner.on(FakeProcessRunner.timedOut(), "list", "requests", "/wp.name:4200");

    assertThatThrownBy(appcmd::requests)
        .isInstanceOfSatisfying(
            IisException.class, e -> assertThat(e.code()).isEqualTo(AppcmdCli.TIMEOUT));
  }
}
