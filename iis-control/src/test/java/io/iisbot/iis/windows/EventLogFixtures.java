package io.iisbot.iis.windows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The real command and event outputs in {@code fixtures/iis/} (see SOURCES.md there). */
final class EventLogFixtures {

  private EventLogFixtures() {}

  static String text(String name) {
    try (InputStream in = EventLogFixtures.class.getResourceAsStream("/fixtures/iis/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture fixtures/iis/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
