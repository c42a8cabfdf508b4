package io.iisbot.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One value of the YAML tree with its key path ({@code hosts[2].agent}). Typed reads report a wrong
 * type to {@link Problems} and return {@code null} (or an empty list), so a whole file is checked
 * in one pass.
 */
final class Node {

  private final JsonNode json;
  private final String path;
  private final Problems problems;

  Node(JsonNode json, String path, Problems problems) {
    this.json = json;
    this.path = path;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  Node get(String key) {
    JsonNode child = json != null && json.isObject() ? json.get(key) : null;
    return new Node(child, path.isEmpty() ? key : path + "." + key, problems);
  }

  /** Whether the key is there with a value ({@code key:} alone counts as absent). */
  boolean present() {
    return json != null && !json.isNull() && !json.isMissingNode();
  }

  void problem(String message) {
    problems.add(path, message);
  }

  /**
   * Checks that this is a mapping whose keys are all known, reporting each unknown key.
   *
   * @return whether it is a mapping (false also when absent)
   */
  boolean mapping(Set<String> known) {
    if (!present()) {
      return false;
    }
    if (!json.isObject()) {
      problem("must be a mapping of keys to values, was " + describe());
      return false;
    }
    Iterator<String> names = json.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (known.contains(name)) {
        continue;
      }
      Node unknown = get(name);
      if (known.contains(name + "Env")) {
        unknown.problem(
            "secrets never live in this file; use "
                + name
                + "Env (an environment variable) or "
                + name
                + "File (a file)");
      } else {
        unknown.problem("unknown key (known here: " + String.join(", ", known) + ")");
      }
    }
    return true;
  }

  /** The scalar as text; {@code null} when absent or not a scalar (reported). */
  String text() {
    if (!present()) {
      return null;
    }
    if (!json.isValueNode()) {
      problem("must be a single value, was " + describe());
      return null;
    }
    return json.asText();
  }

  String text(String dflt) {
    String t = text();
    return t == null ? dflt : t;
  }

  /** Text that must be there and not blank. */
  String required() {
    if (!present()) {
      problem("missing");
      return null;
    }
    String t = text();
    if (t != null && t.isBlank()) {
      problem("must not be empty");
      return null;
    }
    return t;
  }

  /** A whole number; text is accepted because {@code ${VAR}} references produce text. */
  Integer integer() {
    String t = text();
    if (t == null) {
      return null;
    }
    try {
      return Integer.parseInt(t.strip());
    } catch (NumberFormatException e) {
      problem("must be a whole number, was " + Checks.quote(t));
      return null;
    }
  }

  Boolean bool() {
    String t = text();
    if (t == null) {
      return null;
    }
    return switch (t.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        problem("must be true or false, was " + Checks.quote(t));
        yield null;
      }
    };
  }

  boolean isList() {
    return present() && json.isArray();
  }

  /** The elements; empty when absent or not a list (reported). */
  List<Node> list() {
    if (!present()) {
      return List.of();
    }
    if (!json.isArray()) {
      problem("must be a list, was " + describe());
      return List.of();
    }
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      out.add(new Node(json.get(i), path + "[" + i + "]", problems));
    }
    return out;
  }

  /** The entries of a mapping, in file order; empty when absent or not a mapping (reported). */
  Map<String, Node> entries(String expected) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (!present()) {
      return out;
    }
    if (!json.isObject()) {
      problem("must be " + expected + ", was " + describe());
      return out;
    }
    json.fieldNames().forEachRemaining(name -> out.put(name, get(name)));
    return out;
  }

  private String describe() {
    if (json.isArray()) {
      return "a list";
    }
    if (json.isObject()) {
      return "a mapping";
    }
    return Checks.quote(json.asText());
  }
}
