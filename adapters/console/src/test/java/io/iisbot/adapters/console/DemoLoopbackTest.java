package io.iisbot.adapters.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Host and Origin headers the demo console takes for its own machine. */
final class DemoLoopbackTest {

  @ParameterizedTest(name = "Host {0} → {1}")
  @CsvSource({
    "127.0.0.1, true",
    "127.0.0.1:8080, true",
    "localhost, true",
    "LOCALHOST:65535, true",
    "[::1], true",
    "[::1]:8080, true",
    "127.0.0.2, false",
    "localhost.example.com, false",
    "rebound.example.com:8080, false",
    "127.0.0.1.nip.io, false",
    "127.0.0.1:80x, false",
    "127.0.0.1@evil.example, false",
    "[::1, false",
    ":8080, false",
    "'', false"
  })
  void loopbackHost_takesOnlyTheLoopbackNames(String host, boolean loopback) {
    assertThat(DemoLoopback.loopbackHost(host)).isEqualTo(loopback);
  }

  @ParameterizedTest(name = "Origin {0} → {1}")
  @CsvSource({
    "http://127.0.0.1:8080, true",
    "http://localhost:8080, true",
    "https://[::1], true",
    "null, false",
    "http://rebound.example.com, false",
    "http://localhost:8080/path, false",
    "file://, false",
    "localhost:8080, false"
  })
  void loopbackOrigin_takesOnlyPagesServedFromLoopback(String origin, boolean loopback) {
    assertThat(DemoLoopback.loopbackOrigin(origin)).isEqualTo(loopback);
  }
}
