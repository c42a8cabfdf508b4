package io.iisbot.iis.windows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the published IIS outputs copied into {@code src/test/resources/fixtures/iis/}. */
final class AppcmdFixtures {

  private AppcmdFixtures() {}

  static String read(String name) {
    try (InputStream in = AppcmdFixtures.class.getResourceAsStream("/fixtures/iis/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
