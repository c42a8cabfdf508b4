package io.iisbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The bot's class path (what its jar shades) has one logging backend, its own Logback: no binding
 * comes along with a library (iis-control once forced slf4j-jdk14 on every dependant).
 */
final class LoggingBackendTest {

  @Test
  void classPath_hasExactlyOneSlf4jProvider_logback() {
    assertThat(ServiceLoader.load(SLF4JServiceProvider.class))
        .singleElement()
        .extracting(p -> p.getClass().getName())
        .isEqualTo("ch.qos.logback.classic.spi.LogbackServiceProvider");
    assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
  }
}
