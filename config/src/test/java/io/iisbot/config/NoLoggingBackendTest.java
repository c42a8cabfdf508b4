package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * This module depends on iis-control, a library that also builds the agent jar with Logback in it:
 * a dependant gets the SLF4J API from it and no backend, so that each runnable jar chooses one.
 */
final class NoLoggingBackendTest {

  @Test
  void iisControl_bringsNoSlf4jProvider() {
    assertThat(ServiceLoader.load(SLF4JServiceProvider.class)).isEmpty();
  }

  @Test
  void iisControl_bringsNeitherLogbackNorTheJulBridge() {
    assertThatThrownBy(() -> Class.forName("ch.qos.logback.classic.Logger"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("org.slf4j.bridge.SLF4JBridgeHandler"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
