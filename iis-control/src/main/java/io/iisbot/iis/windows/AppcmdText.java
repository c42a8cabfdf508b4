package io.iisbot.iis.windows;

import io.iisbot.iis.ObjectState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses appcmd's text output: the one-line form {@code TYPE "name" (key:value,key:value)}, the
 * {@code /text:*} block form, and the {@code ERROR ( hresult:..., message:... )} block. Lines it
 * does not recognise are skipped and unknown keys are kept, so newer IIS versions that add fields
 * do not break it. Stateless.
 */
final class AppcmdText {

  /** {@code APPPOOL "DefaultAppPool" (MgdVersion:v2.0,MgdMode:Integrated,state:Started)}. */
  private static final Pattern OBJECT_LINE =
      Pattern.compile("^\\s*([A-Za-z]+) \"([^\"]*)\"\\s*\\((.*)\\)\\s*$");

  /** Where a new {@code key:} starts: after a comma, a plain key (bindings like https/ are not). */
  private static final Pattern FIELD_START = Pattern.compile("(?:^|,)\\s*([A-Za-z][\\w.]*):");

  private static final Pattern TIME =
      Pattern.compile("(\\d+)\\s*(msec|ms)?", Pattern.CASE_INSENSITIVE);

  private static final Pattern ERROR_BLOCK =
      Pattern.compile(
          "ERROR\\s*\\(\\s*(?:hresult:\\s*([0-9A-Fa-f]{1,8})\\s*,\\s*)?message:(.*)\\)",
          Pattern.DOTALL);

  private AppcmdText() {}

  /** One {@code TYPE "name" (attributes)} line. */
  record TextObject(String type, String name, Map<String, String> attributes) {
    TextObject {
      attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The {@code state} attribute; UNKNOWN when missing or not a state appcmd documents. */
    ObjectState state() {
      return lenientState(attributes.get("state"));
    }
  }

  /**
   * A request from {@code appcmd list requests}.
   *
   * @param verb the HTTP method, split off appcmd's {@code url:GET /path} field; empty if none
   */
  record RequestLine(String id, String verb, String url, Duration elapsed) {}

  /** An {@code ERROR ( ... )} block: the message text and the HRESULT when appcmd printed one. */
  record ErrorBlock(String message, OptionalInt hresult) {}

  /** A {@code /text:*} block: its object type and every {@code section.key} with its value. */
  record Details(String type, Map<String, String> values) {
    Details {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /** Every object line in {@code output}, in order. */
  static List<TextObject> objects(String output) {
    List<TextObject> objects = new ArrayList<>();
    for (String line : output.split("\\R")) {
      Matcher m = OBJECT_LINE.matcher(line);
      if (m.matches()) {
        objects.add(new TextObject(m.group(1), m.group(2), fields(m.group(3))));
      }
    }
    return objects;
  }

  /** {@code WP "3577" (apppool:DefaultAppPool)} lines: pid → app pool, in order. */
  static Map<Integer, String> workers(String output) {
    Map<Integer, String> workers = new LinkedHashMap<>();
    for (TextObject o : objects(output)) {
      if (o.type().equalsIgnoreCase("WP")) {
        workers.put(pid(o.name()), o.attributes().getOrDefault("apppool", ""));
      }
    }
    return Collections.unmodifiableMap(workers);
  }

  /**
   * {@code REQUEST "id" (url:GET /x, time:N msec, client:..., stage:..., module:...)} lines. The id
   * is trimmed (one published sample has a space inside the quotes); a missing time is zero.
   */
  static List<RequestLine> requests(String output) {
    List<RequestLine> requests = new ArrayList<>();
    for (TextObject o : objects(output)) {
      if (!o.type().equalsIgnoreCase("REQUEST")) {
        continue;
      }
      String url = o.attributes().getOrDefault("url", "").trim();
      String verb = "";
      int space = url.indexOf(' ');
      if (space > 0) {
        verb = url.substring(0, space);
        url = url.substring(space + 1).trim();
      }
      requests.add(
          new RequestLine(o.name().trim(), verb, url, elapsed(o.attributes().get("time"))));
    }
    return requests;
  }

  /** The {@code ERROR ( ... )} block in appcmd's output, if there is one. */
  static Optional<ErrorBlock> error(String output) {
    Matcher m = ERROR_BLOCK.matcher(output);
    if (!m.find()) {
      return Optional.empty();
    }
    OptionalInt hresult =
        m.group(1) == null
            ? OptionalInt.empty()
            : OptionalInt.of(Integer.parseUnsignedInt(m.group(1), 16));
    return Optional.of(new ErrorBlock(m.group(2).trim(), hresult));
  }

  /**
   * {@code /text:*} blocks: a line with the object type at the left margin starts a block, {@code
   * key: value} and {@code key:"value"} lines fill it, {@code [section]} lines nest the keys after
   * them ({@code add.processModel.identityType}). Quotes are removed; a {@code ...} line (a cut in
   * published samples) is skipped.
   */
  static List<Details> details(String output) {
    List<Details> blocks = new ArrayList<>();
    String type = null;
    Map<String, String> values = new LinkedHashMap<>();
    Deque<Section> sections = new ArrayDeque<>();
    for (String line : output.split("\\R")) {
      String text = line.strip();
      if (text.isEmpty() || text.equals("...")) {
        continue;
      }
      int indent = line.indexOf(text.charAt(0));
      if (indent == 0) {
        if (type != null) {
          blocks.add(new Details(type, values));
        }
        type = text;
        values = new LinkedHashMap<>();
        sections.clear();
        continue;
      }
      while (!sections.isEmpty() && sections.peek().indent() >= indent) {
        sections.pop();
      }
      if (text.startsWith("[") && text.endsWith("]")) {
        sections.push(new Section(indent, text.substring(1, text.length() - 1)));
        continue;
      }
      int colon = text.indexOf(':');
      if (type == null || colon <= 0) {
        continue;
      }
      StringBuilder key = new StringBuilder();
      sections.descendingIterator().forEachRemaining(s -> key.append(s.name()).append('.'));
      key.append(text, 0, colon);
      values.put(key.toString(), unquote(text.substring(colon + 1).strip()));
    }
    if (type != null) {
      blocks.add(new Details(type, values));
    }
    return blocks;
  }

  private record Section(int indent, String name) {}

  /**
   * Splits {@code key:value,key:value}. Values may hold commas ({@code bindings:http/*:80:,https/*
   * :443:}) because only a comma followed by a plain {@code key:} starts a field. A url may still
   * hold {@code ,word:}, so for requests every field between {@code url} and {@code time} is put
   * back into the url.
   */
  static Map<String, String> fields(String inner) {
    List<int[]> starts = new ArrayList<>();
    Matcher m = FIELD_START.matcher(inner);
    while (m.find()) {
      starts.add(new int[] {m.start(), m.start(1), m.end()});
    }
    List<String[]> parts = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      int[] s = starts.get(i);
      int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : inner.length();
      parts.add(new String[] {inner.substring(s[1], s[2] - 1), inner.substring(s[2], end)});
    }
    int url = indexOfKey(parts, "url");
    int time = indexOfKey(parts, "time");
    if (url >= 0 && time > url + 1) {
      StringBuilder joined = new StringBuilder(parts.get(url)[1]);
      for (int i = url + 1; i < time; i++) {
        joined.append(',').append(parts.get(i)[0]).append(':').append(parts.get(i)[1]);
      }
      parts.get(url)[1] = joined.toString();
      parts.subList(url + 1, time).clear();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String[] p : parts) {
      fields.putIfAbsent(p[0], p[1].strip());
    }
    return fields;
  }

  private static int indexOfKey(List<String[]> parts, String key) {
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i)[0].equalsIgnoreCase(key)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code 4276 msec} → 4.276 s; absent → zero. */
  static Duration elapsed(String time) {
    if (time == null || time.isBlank()) {
      return Duration.ZERO;
    }
    Matcher m = TIME.matcher(time.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not an appcmd request time: \"" + time + "\"");
    }
    return Duration.ofMillis(Long.parseLong(m.group(1)));
  }

  static int pid(String text) {
    try {
      int pid = Integer.parseInt(text.strip());
      if (pid > 0) {
        return pid;
      }
    } catch (NumberFormatException e) {
      // Reported below with the text that was not a pid.
    }
    throw new IllegalArgumentException("not a worker process id: \"" + text + "\"");
  }

  /** appcmd's state text; anything missing or unexpected is UNKNOWN rather than a failure. */
  static ObjectState lenientState(String text) {
    if (text == null || text.isBlank()) {
      return ObjectState.UNKNOWN;
    }
    try {
      return ObjectState.parse(text);
    } catch (IllegalArgumentException e) {
      return ObjectState.UNKNOWN;
    }
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
