package io.iisbot.adapters.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Slack fixtures on the test class path ({@code fixtures/chat/slack/}, see its SOURCES.md). */
final class Fixtures {

  private static final String DIR = "/fixtures/chat/slack/";

  private Fixtures() {}

  /** The file's exact bytes. */
  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + DIR + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file as UTF-8 text. */
  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /** The file parsed as JSON. */
  static JsonNode json(String name) {
    try {
      return JsonMapper.builder().build().readTree(bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
