package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The chat fixtures on the test class path ({@code fixtures/chat/}, see {@code
 * discord/SOURCES.md}), by path below that: {@code discord/djs-test-ping.json}.
 */
final class ChatFixtures {

  private static final String DIR = "/fixtures/chat/";

  private ChatFixtures() {}

  /** The file as UTF-8 text. */
  static String text(String name) {
    try (InputStream in = ChatFixtures.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + DIR + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file parsed as strict JSON. */
  static JsonNode json(String name) {
    try {
      return DiscordObjects.JSON.readTree(text(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
