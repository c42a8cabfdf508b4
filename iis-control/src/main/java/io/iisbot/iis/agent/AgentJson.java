package io.iisbot.iis.agent;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.iisbot.iis.Durations;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Progress;
import io.iisbot.iis.engine.Scope;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * The agent's JSON: records as objects with their component names, enums in lower case, instants as
 * ISO-8601 text, durations as ISO-8601 ({@code PT1M30S}; requests may also say {@code 90s}), scopes
 * as {@code host}, {@code site:NAME} or {@code pool:NAME}, progress events tagged with a {@code
 * type}, options as an object whose every field is optional ({@code {"drain":"30s"}} keeps the
 * other defaults). A plan's {@link io.iisbot.iis.engine.Plan#identity() identity} is not sent: the
 * reader computes it from the fields it reads.
 */
public final class AgentJson {

  private static final ObjectMapper STRICT = build(true);
  private static final ObjectMapper LENIENT = build(false);

  private AgentJson() {}

  /** For request bodies: unknown fields are refused, so a typo is an error, not a default. */
  public static ObjectMapper strict() {
    return STRICT;
  }

  /** For reading responses: unknown fields are ignored, so a newer agent can add some. */
  public static ObjectMapper lenient() {
    return LENIENT;
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Progress.StepStarted.class, name = "step_started"),
    @JsonSubTypes.Type(value = Progress.StepFinished.class, name = "step_finished"),
    @JsonSubTypes.Type(value = Progress.StepFailed.class, name = "step_failed"),
    @JsonSubTypes.Type(value = Progress.StepSkipped.class, name = "step_skipped"),
    @JsonSubTypes.Type(value = Progress.RequestsLeft.class, name = "requests_left"),
    @JsonSubTypes.Type(value = Progress.WorkerPids.class, name = "worker_pids"),
    @JsonSubTypes.Type(value = Progress.Note.class, name = "note")
  })
  private interface ProgressMixin {}

  /** Formats a scope as {@code host}, {@code site:NAME} or {@code pool:NAME}. */
  public static String scopeText(Scope scope) {
    if (scope instanceof Scope.Site s) {
      return "site:" + s.name();
    }
    if (scope instanceof Scope.Pool p) {
      return "pool:" + p.name();
    }
    return "host";
  }

  /**
   * Parses {@code host}, {@code site:NAME} or {@code pool:NAME}.
   *
   * @throws IllegalArgumentException saying which forms exist
   */
  public static Scope parseScope(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a scope is needed: host, site:NAME or pool:NAME");
    }
    if (text.equals("host")) {
      return Scope.host();
    }
    int colon = text.indexOf(':');
    String kind = colon < 0 ? text : text.substring(0, colon);
    String name = colon < 0 ? "" : text.substring(colon + 1);
    return switch (kind) {
      case "site" -> new Scope.Site(name);
      case "pool" -> new Scope.Pool(name);
      default ->
          throw new IllegalArgumentException(
              "not a scope: \"" + text + "\"; use host, site:NAME or pool:NAME");
    };
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  /** {@code 90s}, {@code 2m} or ISO-8601 {@code PT90S}; null when it is none of them. */
  private static Duration duration(String text) {
    try {
      return text != null && text.startsWith("P") ? Duration.parse(text) : Durations.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Options as an object whose fields are each optional ({@code {"drain":"30s"}} keeps the other
   * defaults), every problem in words for people.
   */
  private static final class OptionsReader extends JsonDeserializer<Options> {
    private static final String FIELDS = "drain, force, persist, all";

    @Override
    public Options deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      JsonNode n = p.readValueAsTree();
      if (n == null || !n.isObject()) {
        throw InvalidFormatException.from(
            p, "must be an object such as {\"drain\":\"30s\",\"force\":true}", null, Options.class);
      }
      Options o = Options.defaults();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode v = field.getValue();
        if (v.isNull()) {
          continue; // the default
        }
        String name = field.getKey();
        try {
          o =
              switch (name) {
                case "drain" -> o.withDrain(drain(p, v));
                case "force" -> o.withForce(flag(p, name, v));
                case "persist" -> o.withPersist(flag(p, name, v));
                case "all" -> o.withAll(flag(p, name, v));
                default -> {
                  if (ctx.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)) {
                    throw InvalidFormatException.from(
                        p,
                        "no field \"" + printable(name) + "\"; the fields are " + FIELDS,
                        null,
                        Options.class);
                  }
                  yield o;
                }
              };
        } catch (IllegalArgumentException e) {
          throw InvalidFormatException.from(p, e.getMessage(), null, Options.class);
        }
      }
      return o;
    }

    private static Duration drain(JsonParser p, JsonNode v) throws IOException {
      Duration d = v.isTextual() ? duration(v.asText()) : null;
      if (d == null) {
        throw InvalidFormatException.from(
            p, "drain must be a duration such as 90s, 2m or PT90S", null, Options.class);
      }
      return d;
    }

    private static boolean flag(JsonParser p, String name, JsonNode v) throws IOException {
      if (!v.isBoolean()) {
        throw InvalidFormatException.from(p, name + " must be true or false", null, Options.class);
      }
      return v.booleanValue();
    }
  }

  private static ObjectMapper build(boolean strict) {
    SimpleModule iisbot = new SimpleModule("iisbot-agent");
    iisbot.setMixInAnnotation(Progress.class, ProgressMixin.class);
    iisbot.addSerializer(
        Scope.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Scope value, JsonGenerator gen, SerializerProvider p)
              throws IOException {
            gen.writeString(scopeText(value));
          }
        });
    iisbot.addDeserializer(
        Scope.class,
        new JsonDeserializer<>() {
          @Override
          public Scope deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            try {
              return parseScope(text);
            } catch (IllegalArgumentException e) {
              throw InvalidFormatException.from(p, e.getMessage(), text, Scope.class);
            }
          }
        });
    iisbot.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            Duration d = duration(text);
            if (d == null) {
              throw InvalidFormatException.from(
                  p, "not a duration: use 90s, 2m or PT90S", text, Duration.class);
            }
            return d;
          }
        });
    iisbot.addDeserializer(Options.class, new OptionsReader());
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(iisbot)
        .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
        .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict)
        .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, strict)
        .build();
  }
}
