package io.iisbot.iis.sim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.iisbot.iis.Durations;
import io.iisbot.iis.ObjectState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads scenarios from YAML (or JSON, which is YAML too) and knows the named ones shipped in the
 * jar. Durations are written as operators write them: {@code 90s}, {@code 250ms}, {@code 2m}.
 */
public final class Scenarios {

  /** The scenarios shipped with iisbot. */
  public static final List<String> NAMES =
      List.of("healthy", "busy", "stuck-stop", "orphan-worker", "access-denied");

  private static final ObjectMapper YAML = mapper();

  private Scenarios() {}

  public static List<String> names() {
    return NAMES;
  }

  /**
   * A named scenario, or else a YAML/JSON file at that path.
   *
   * @throws IllegalArgumentException naming the scenario and what is wrong with it
   */
  public static Scenario load(String nameOrPath) {
    String name = nameOrPath.trim().toLowerCase(Locale.ROOT);
    if (NAMES.contains(name)) {
      return named(name);
    }
    Path path = Path.of(nameOrPath);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "no scenario \""
              + nameOrPath
              + "\": not one of "
              + String.join(", ", NAMES)
              + ", nor a readable file");
    }
    try {
      return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + path, e);
    }
  }

  /** One of {@link #NAMES}. */
  public static Scenario named(String name) {
    String resource = "scenarios/" + name + ".yaml";
    try (InputStream in = Scenarios.class.getResourceAsStream(resource)) {
      if (in == null || !NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "no scenario named \"" + name + "\"; there are " + String.join(", ", NAMES));
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in scenario " + name, e);
    }
  }

  /** Parses scenario text; {@code source} names it in errors. */
  public static Scenario parse(String text, String source) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("scenario " + source + " is empty");
    }
    try {
      Scenario s = YAML.readValue(text, Scenario.class);
      if (s == null) {
        throw new IllegalArgumentException("scenario " + source + " is empty");
      }
      return s;
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof JsonProcessingException syntax) {
        throw syntaxError(source, syntax);
      }
      String path =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
      String why =
          cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
      throw new IllegalArgumentException(
          "scenario " + source + (path.isEmpty() ? "" : ", at " + path) + ": " + why, e);
    } catch (JsonProcessingException e) {
      throw syntaxError(source, e);
    }
  }

  private static IllegalArgumentException syntaxError(String source, JsonProcessingException e) {
    String first = e.getOriginalMessage().lines().findFirst().orElse("").trim();
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    String detail =
        e.getOriginalMessage()
            .lines()
            .map(String::trim)
            .filter(l -> l.startsWith("expected") || l.startsWith("found"))
            .findFirst()
            .orElse(first);
    return new IllegalArgumentException(
        "scenario " + source + " is not valid YAML" + where + ": " + detail, e);
  }

  private static ObjectMapper mapper() {
    SimpleModule module = new SimpleModule("iisbot-scenarios");
    module.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return Durations.parse(p.getValueAsString());
          }
        });
    module.addDeserializer(
        ObjectState.class,
        new JsonDeserializer<>() {
          @Override
          public ObjectState deserialize(JsonParser p, DeserializationContext ctx)
              throws IOException {
            return ObjectState.parse(p.getValueAsString());
          }
        });
    return JsonMapper.builder(new YAMLFactory())
        .addModule(module)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .build();
  }
}
