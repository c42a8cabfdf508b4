package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A name that could smuggle an argument, a quote or a path never reaches appcmd. */
final class AppcmdHostileNamesTest {

  static Stream<String> hostileNames() {
    return Stream.of(
        "\"",
        "Default\" /apppool.name:Other",
        "\"; stop-service W3SVC",
        "/apppool.name:x",
        "..\\..\\windows",
        "../../etc",
        "pool\nERROR ( message:forged )",
        "pool\u0000",
        "pool\tname",
        "p".repeat(200),
        "-x",
        "--help",
        "/site.name:x",
        "%windir%",
        "$(Stop-Service W3SVC)",
        "`whoami`",
        "a & b",
        "a | b",
        "a; b",
        "pool ",
        " pool",
        "pool\r",
        "pool\u202e",
        "pool'",
        "pool*",
        "a<b>c",
        "",
        "   ");
  }

  static List<BiConsumer<AppcmdCli, String>> operations() {
    return List.of(
        AppcmdCli::startSite,
        AppcmdCli::stopSite,
        AppcmdCli::startPool,
        AppcmdCli::stopPool,
        AppcmdCli::recyclePool,
        (a, n) -> a.setPoolAutoStart(n, false),
        (a, n) -> a.setSiteAutoStart(n, true));
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void everyOperation_hostileName_isRejectedAndAppcmdNeverRuns(String name) {
    FakeProcessRunner runner = new FakeProcessRunner();
    AppcmdCli appcmd =
        new AppcmdCli(
            runner, Path.of("C:\\Windows\\system32\\inetsrv\\appcmd.exe"), Duration.ofSeconds(5));

    for (BiConsumer<AppcmdCli, String> operation : operations()) {
      assertThatThrownBy(() -> operation.accept(appcmd, name))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("name");
    }
    assertThat(runner.commands()).isEmpty();
  }

  @Test
  void nullName_isRejectedToo() {
    FakeProcessRunner runner = new FakeProcessRunner();
    AppcmdCli appcmd = new AppcmdCli(runner, Path.of("appcmd.exe"), Duration.ofSeconds(5));

    assertThatThrownBy(() -> appcmd.stopPool(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(runner.commands()).isEmpty();
  }
}
