package io.iisbot.iis.windows;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.engine.EventCatalog;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads the XML that {@code EvtRender(EvtRenderEventXml)} produces into an {@link EventRecord}.
 * Elements are matched by local name, so a missing, odd or prefixed event namespace does not
 * matter. DTDs are refused, so a document cannot pull in external entities. Stateless; thread-safe.
 */
final class EventXml {

  /** {@code 2011-1-1T1:11:11.000000000Z} occurs in published events, so digits are not padded. */
  private static final Pattern SYSTEM_TIME =
      Pattern.compile(
          "(\\d{4})-(\\d{1,2})-(\\d{1,2})T(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d+))?"
              + "(Z|[+-]\\d{2}:?\\d{2})?");

  private EventXml() {}

  /**
   * One rendered event.
   *
   * @throws IllegalArgumentException when the text is not an event, or lacks the channel, provider,
   *     id or creation time
   */
  static EventRecord parse(String xml) {
    Element event = document(xml);
    if (!"Event".equals(localName(event))) {
      throw new IllegalArgumentException(
          "not an event: the root element is <" + event.getNodeName() + ">");
    }
    Element system = child(event, "System").orElseThrow(() -> missing("System"));
    String provider =
        child(system, "Provider")
            .map(p -> p.getAttribute("Name").trim())
            .filter(s -> !s.isEmpty())
            .orElseThrow(() -> missing("Provider Name"));
    Element eventId = child(system, "EventID").orElseThrow(() -> missing("EventID"));
    int id = integer(eventId.getTextContent(), "EventID");
    String channel =
        child(system, "Channel")
            .map(c -> c.getTextContent().trim())
            .filter(s -> !s.isEmpty())
            .orElseThrow(() -> missing("Channel"));
    Instant time =
        child(system, "TimeCreated")
            .map(t -> t.getAttribute("SystemTime"))
            .filter(s -> !s.isBlank())
            .map(EventXml::systemTime)
            .orElseThrow(() -> missing("TimeCreated SystemTime"));
    EventLevel level =
        level(
            child(system, "Level").map(Node::getTextContent).orElse(""),
            eventId.getAttribute("Qualifiers"));
    Map<String, String> data = data(event);
    String message =
        child(event, "RenderingInfo")
            .flatMap(r -> child(r, "Message"))
            .map(m -> m.getTextContent().trim())
            .filter(m -> !m.isEmpty())
            .orElseGet(() -> message(provider, id, data));
    return new EventRecord(channel, provider, id, level, time, message, data);
  }

  /**
   * The service key name in a 7036's binary data ({@code W3SVC}), which unlike {@code param1} is
   * not translated: match services on this, never on the display name.
   */
  static Optional<String> serviceKeyName(EventRecord event) {
    return serviceBinary(event).map(s -> s.substring(0, s.lastIndexOf('/')));
  }

  /** The state a 7036 reports, from the number after the slash in its binary data. */
  static Optional<ServiceState> serviceState(EventRecord event) {
    return serviceBinary(event)
        .map(s -> s.substring(s.lastIndexOf('/') + 1))
        .filter(n -> n.matches("[1-7]"))
        .map(n -> ServiceState.ofCode(Integer.parseInt(n)));
  }

  /** A 7036's binary data as text: {@code "<KeyName>/<state>"}, from UTF-16LE, without the NUL. */
  static Optional<String> serviceBinary(EventRecord event) {
    String hex = event.data().get("Binary");
    if (event.id() != 7036
        || !EventCatalog.SCM.equals(event.provider())
        || hex == null
        || hex.length() % 4 != 0) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not hex: not the SCM's layout, so nothing to decode
    }
    String text = new String(bytes, StandardCharsets.UTF_16LE);
    int nul = text.indexOf('\0');
    text = nul < 0 ? text : text.substring(0, nul);
    int slash = text.lastIndexOf('/');
    return slash > 0 && slash < text.length() - 1 ? Optional.of(text) : Optional.empty();
  }

  /**
   * {@code Level} when it names a level; classic events may write 0 there, and then {@code
   * Qualifiers} (16384, 32768, 49152) says it.
   */
  private static EventLevel level(String levelText, String qualifiers) {
    String l = levelText.trim();
    int code = l.matches("\\d{1,3}") ? Integer.parseInt(l) : 0;
    if (code >= 1 && code <= 5) {
      return EventLevel.ofCode(code);
    }
    String q = qualifiers.trim();
    if (q.matches("\\d{1,5}")) {
      return EventLevel.ofQualifiers(Integer.parseInt(q));
    }
    return EventLevel.INFORMATION;
  }

  /**
   * Named {@code <Data>} under their names, unnamed ones as {@code param<position>} (the message's
   * insertion strings), {@code <Binary>} as its hex text. Events that carry {@code <UserData>}
   * instead contribute its leaf elements.
   */
  private static Map<String, String> data(Element event) {
    Map<String, String> data = new LinkedHashMap<>();
    child(event, "EventData")
        .ifPresent(
            d -> {
              int position = 0;
              for (Element e : children(d)) {
                String name = localName(e);
                if ("Data".equals(name)) {
                  position++;
                  String key = e.getAttribute("Name").trim();
                  data.put(key.isEmpty() ? "param" + position : key, e.getTextContent());
                } else if ("Binary".equals(name)) {
                  data.put("Binary", e.getTextContent().trim());
                }
              }
            });
    child(event, "UserData").ifPresent(u -> leaves(u, data));
    return data;
  }

  private static void leaves(Element parent, Map<String, String> into) {
    for (Element e : children(parent)) {
      if (children(e).isEmpty()) {
        into.putIfAbsent(localName(e), e.getTextContent());
      } else {
        leaves(e, into);
      }
    }
  }

  /**
   * Rendered XML has no message text (that needs the provider's message table), so this is a short
   * stand-in built from the data.
   */
  private static String message(String provider, int id, Map<String, String> data) {
    if (EventCatalog.SCM.equals(provider)
        && id == 7036
        && data.containsKey("param1")
        && data.containsKey("param2")) {
      return "The " + data.get("param1") + " service entered the " + data.get("param2") + " state.";
    }
    List<String> values = new ArrayList<>();
    data.forEach(
        (k, v) -> {
          if (!"Binary".equals(k)) {
            values.add(k + "=" + v.trim());
          }
        });
    return provider + " " + id + (values.isEmpty() ? "" : ": " + String.join(", ", values));
  }

  /**
   * {@code SystemTime} with up to 9 fractional digits (7 on current Windows); no zone means UTC.
   */
  static Instant systemTime(String text) {
    Matcher m = SYSTEM_TIME.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not an event time: \"" + Names.printable(text) + "\"");
    }
    String fraction = m.group(7) == null ? "0" : m.group(7);
    fraction = (fraction + "000000000").substring(0, 9);
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              Integer.parseInt(m.group(6)),
              Integer.parseInt(fraction));
      String zone = m.group(8);
      ZoneOffset offset = zone == null || zone.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(zone);
      return local.toInstant(offset);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "not an event time: \"" + Names.printable(text) + "\" (" + e.getMessage() + ")", e);
    }
  }

  private static Element document(String xml) {
    if (xml == null || xml.isBlank()) {
      throw new IllegalArgumentException("no event XML");
    }
    try {
      return SafeXml.parse(xml.strip());
    } catch (SAXException e) {
      throw new IllegalArgumentException("not well-formed event XML: " + e.getMessage(), e);
    }
  }

  private static Optional<Element> child(Element parent, String name) {
    return children(parent).stream().filter(e -> name.equals(localName(e))).findFirst();
  }

  private static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  /** The name without a prefix: the parser is namespace-unaware, so {@code e:Event} is possible. */
  private static String localName(Element e) {
    String name = e.getNodeName();
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(colon + 1);
  }

  private static int integer(String text, String what) {
    String t = text.trim();
    try {
      return Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "not a number in " + what + ": \"" + Names.printable(t) + "\"", e);
    }
  }

  private static IllegalArgumentException missing(String what) {
    return new IllegalArgumentException("event XML without " + what);
  }
}
