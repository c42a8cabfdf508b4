package io.iisbot.adapters.discord;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Discord and crypto fixtures on the test class path ({@code fixtures/chat/discord/}, {@code
 * fixtures/chat/crypto/}; see their SOURCES.md).
 */
final class Fixtures {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private Fixtures() {}

  /** The file's exact bytes, such as {@code discord/djs-test-ping.json}. */
  static byte[] bytes(String name) {
    String path = "/fixtures/chat/" + name;
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file parsed as JSON. */
  static JsonNode json(String name) {
    try {
      return JSON.readTree(bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A documentation sample written as JSON with comments and trailing commas; lines holding a
   * {@code ...spread} placeholder (which stands for "the other fields") are left out.
   */
  static JsonNode jsonc(String name) {
    String text = new String(bytes(name), StandardCharsets.UTF_8);
    StringBuilder kept = new StringBuilder();
    text.lines()
        .filter(l -> !l.strip().startsWith("..."))
        .forEach(l -> kept.append(l).append('\n'));
    JsonMapper lenient =
        JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    try {
      return lenient.readTree(kept.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
