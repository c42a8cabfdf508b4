package io.iisbot.iis.agent.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What was wrong with a JSON request body, in words for people: the field, and what it should be.
 * Never Jackson's own text, which names Java types and the reader's internals. Stateless.
 */
final class JsonProblems {

  private JsonProblems() {}

  static String describe(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException m)) {
      JsonLocation at = e.getLocation();
      return "the body is not valid JSON"
          + (at == null || at.getLineNr() < 1
              ? ""
              : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
    String field = path(m);
    String where = field.isEmpty() ? "" : field + ": ";
    if (m instanceof UnrecognizedPropertyException u) {
      return "unknown field \""
          + Agent.printable(field.isEmpty() ? u.getPropertyName() : field)
          + "\""
          + known(u.getKnownPropertyIds());
    }
    Throwable cause = m.getCause();
    if ((cause instanceof IllegalArgumentException || cause instanceof NullPointerException)
        && cause.getMessage() != null) {
      return where + cause.getMessage();
    }
    if (m instanceof InvalidFormatException f && f.getTargetType() != null) {
      Class<?> type = f.getTargetType();
      if (type.isEnum()) {
        return where
            + "\""
            + Agent.printable(String.valueOf(f.getValue()))
            + "\" is not one of "
            + Arrays.stream(type.getEnumConstants())
                .map(c -> c.toString().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
      }
      return where + firstLine(f.getOriginalMessage());
    }
    if (m instanceof MismatchedInputException in && in.getTargetType() != null) {
      return where + "should be " + expected(in.getTargetType());
    }
    return where + "does not fit this request";
  }

  private static String expected(Class<?> type) {
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class || type.isEnum()) {
      return "text";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "an object";
  }

  private static String known(Collection<Object> ids) {
    if (ids == null || ids.isEmpty()) {
      return "";
    }
    return "; known fields: "
        + ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }

  private static String path(JsonMappingException m) {
    return m.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").strip();
  }
}
