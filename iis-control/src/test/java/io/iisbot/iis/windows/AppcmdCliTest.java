package io.iisbot.iis.windows;

import static io.iisbot.iis.windows.FakeProcessRunner.fail;
import static io.iisbot.iis.windows.FakeProcessRunner.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.AppPool;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.Site;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class AppcmdCliTest {

  static final Path EXE = Path.of("C:\\Windows\\system32\\inetsrv\\appcmd.exe");
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final FakeProcessRunner runner = new FakeProcessRunner();
  private final AppcmdCli appcmd = new AppcmdCli(runner, EXE, TIMEOUT);

  static Stream<Arguments> operations() {
    return Stream.of(
        golden("pools", a -> a.pools(), "list", "apppool", "/config:*", "/xml"),
        golden("workers", a -> a.workers(), "list", "wp", "/xml"),
        golden(
            "startSite",
            a -> a.startSite("Default Web Site"),
            "start",
            "site",
            "/site.name:Default Web Site"),
        golden(
            "stopSite",
            a -> a.stopSite("Default Web Site"),
            "stop",
            "site",
            "/site.name:Default Web Site"),
        golden(
            "startPool",
            a -> a.startPool("Classic .NET AppPool"),
            "start",
            "apppool",
            "/apppool.name:Classic .NET AppPool"),
        golden(
            "stopPool",
            a -> a.stopPool("DefaultAppPool"),
            "stop",
            "apppool",
            "/apppool.name:DefaultAppPool"),
        golden(
            "recyclePool",
            a -> a.recyclePool("DefaultAppPool"),
            "recycle",
            "apppool",
            "/apppool.name:DefaultAppPool"),
        golden(
            "setPoolAutoStart true",
            a -> a.setPoolAutoStart("Api", true),
            "set",
            "apppool",
            "/apppool.name:Api",
            "/autoStart:true"),
        golden(
            "setPoolAutoStart false",
            a -> a.setPoolAutoStart("Api", false),
            "set",
            "apppool",
            "/apppool.name:Api",
            "/autoStart:false"),
        golden(
            "setSiteAutoStart true",
            a -> a.setSiteAutoStart("Shop", true),
            "set",
            "site",
            "/site.name:Shop",
            "/serverAutoStart:true"),
        golden(
            "setSiteAutoStart false",
            a -> a.setSiteAutoStart("Shop", false),
            "set",
            "site",
            "/site.name:Shop",
            "/serverAutoStart:false"));
  }

  private static Arguments golden(String name, Consumer<AppcmdCli> call, String... args) {
    return Arguments.of(name, call, List.of(args));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void operation_runsExactlyTheExpectedArgumentList(
      String name, Consumer<AppcmdCli> call, List<String> args) {
    call.accept(appcmd);

    List<String> expected = new java.util.ArrayList<>();
    expected.add(EXE.toString());
    expected.addAll(args);
    assertThat(runner.commands()).containsExactly(expected);
    assertThat(runner.timeouts()).containsExactly(TIMEOUT);
  }

  @Test
  void golden_argumentLists_spelledOut() {
    appcmd.stopSite("Default Web Site");
    appcmd.setPoolAutoStart("Classic .NET AppPool", false);

    assertThat(runner.commands())
        .containsExactly(
            List.of(
                "C:\\Windows\\system32\\inetsrv\\appcmd.exe",
                "stop",
                "site",
                "/site.name:Default Web Site"),
            List.of(
                "C:\\Windows\\system32\\inetsrv\\appcmd.exe",
                "set",
                "apppool",
                "/apppool.name:Classic .NET AppPool",
                "/autoStart:false"));
  }

  @Test
  void sites_listsSitesThenApps_andJoinsPoolsRootFirst() {
    runner
        .on(ok(AppcmdXmlTest.SITES_CONFIG_XML), "list", "site", "/config:*", "/xml")
        .on(ok(AppcmdXmlTest.APPS_XML), "list", "app", "/xml");

    List<Site> sites = appcmd.sites();

    assertThat(runner.commands())
        .containsExactly(
            List.of(EXE.toString(), "list", "site", "/config:*", "/xml"),
            List.of(EXE.toString(), "list", "app", "/xml"));
    assertThat(sites)
        .containsExactly(
            new Site(
                "Default Web Site",
                1,
                ObjectState.STARTED,
                List.of("http/*:80:", "https/*:443:"),
                List.of("DefaultAppPool", "ApiPool"),
                true),
            new Site(
                "Api",
                2,
                ObjectState.STOPPED,
                List.of("http/*:8080:api.example"),
                List.of("Api"),
                false));
  }

  @Test
  void sites_siteWithoutApps_hasNoPools() {
    runner.on(
        ok(AppcmdFixtures.read("appcmd-list-site.testdata.xml")),
        "list",
        "site",
        "/config:*",
        "/xml");

    assertThat(appcmd.sites()).extracting(Site::pools).containsOnly(List.of());
  }

  @Test
  void pools_parsesTheConfigListing() {
    runner.on(ok(AppcmdXmlTest.POOLS_CONFIG_XML), "list", "apppool", "/config:*", "/xml");

    assertThat(appcmd.pools())
        .extracting(AppPool::name, AppPool::autoStart, AppPool::shutdownTimeLimit)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Api", false, Duration.ofSeconds(125)),
            org.assertj.core.groups.Tuple.tuple("Reports", true, Duration.ofSeconds(90)));
  }

  @Test
  void workers_parsesTheWpListing() {
    runner.on(ok(AppcmdFixtures.read("appcmd-list-wp.testdata.xml")), "list", "wp", "/xml");

    assertThat(appcmd.workers())
        .containsExactly(Map.entry(1001, "AppPool1"), Map.entry(1002, "AppPool2"));
  }

  @Test
  void recyclePool_publishedSuccessOutput_isSuccess() {
    runner.on(
        ok(AppcmdFixtures.read("appcmd-recycle-apppools-in-output.txt")),
        "recycle",
        "apppool",
        "/apppool.name:TroubleshootingPhp");

    appcmd.recyclePool("TroubleshootingPhp");

    assertThat(runner.commands()).hasSize(1);
  }

  @Test
  void anyOperation_timedOut_isTimeoutCodeNamingTheLimit() {
    runner.otherwise(FakeProcessRunner.timedOut());

    assertThatThrownBy(() -> appcmd.stopPool("DefaultAppPool"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(AppcmdCli.TIMEOUT).isEqualTo(1460);
              assertThat(e.operation()).isEqualTo("stop pool");
              assertThat(e.target()).isEqualTo("DefaultAppPool");
              assertThat(e.hint()).contains("within 30s");
              assertThat(e.isTransient()).isFalse();
            });
  }

  @Test
  void anyOperation_appcmdCannotStart_isNotRunnable() {
    ProcessRunner missing =
        (command, timeout) -> {
          throw new UncheckedIOException(new IOException("CreateProcess error=2"));
        };

    assertThatThrownBy(() -> new AppcmdCli(missing, EXE, TIMEOUT).workers())
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(AppcmdCli.NOT_RUNNABLE);
              assertThat(e.hint()).contains("appcmd.exe could not be started");
              assertThat(e.getCause()).isInstanceOf(UncheckedIOException.class);
            });
  }

  @Test
  void listing_unreadableOutput_isUnreadableOutputCode() {
    runner.on(ok("<html>not appcmd</html>"), "list", "wp", "/xml");

    assertThatThrownBy(appcmd::workers)
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(AppcmdCli.UNREADABLE_OUTPUT);
              assertThat(e.operation()).isEqualTo("list worker processes");
              assertThat(e.hint()).contains("<appcmd>");
            });
  }

  @Test
  void listing_failed_isTranslated() {
    runner.on(
        fail(
            5,
            "ERROR ( hresult:80070005, message:Command execution failed.\nAccess is denied.\n )"),
        "list",
        "apppool",
        "/config:*",
        "/xml");

    assertThatThrownBy(appcmd::pools)
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IisException.ACCESS_DENIED);
              assertThat(e.hint()).contains("elevated");
            });
  }

  @Test
  void constructor_nonPositiveTimeout_isRejected() {
    assertThatThrownBy(() -> new AppcmdCli(runner, EXE, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the appcmd timeout must be positive, was PT0S");
  }

  @Test
  void defaultPath_fromWindir() {
    assertThat(AppcmdCli.defaultPath(Map.of("windir", "D:\\WIN")).toString())
        .isEqualTo("D:\\WIN\\system32\\inetsrv\\appcmd.exe");
    assertThat(AppcmdCli.defaultPath(Map.of("WINDIR", "E:\\Windows\\")).toString())
        .isEqualTo("E:\\Windows\\system32\\inetsrv\\appcmd.exe");
  }

  @Test
  void defaultPath_windirUnsetOrBlank_isCWindows() {
    assertThat(AppcmdCli.defaultPath(Map.of()).toString())
        .isEqualTo("C:\\Windows\\system32\\inetsrv\\appcmd.exe");
    assertThat(AppcmdCli.defaultPath(Map.of("windir", " ")).toString())
        .isEqualTo("C:\\Windows\\system32\\inetsrv\\appcmd.exe");
    assertThat(AppcmdCli.defaultPath()).isNotNull();
  }
}
