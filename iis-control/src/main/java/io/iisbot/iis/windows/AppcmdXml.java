package io.iisbot.iis.windows;

import io.iisbot.iis.AppPool;
import io.iisbot.iis.Site;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Parses appcmd's {@code /xml} output ({@code <appcmd><APPPOOL .../>...</appcmd>}) with the JDK's
 * DOM parser, DTDs and external entities refused. Unknown attributes and elements are ignored and
 * element order does not matter; {@code <appcmd></appcmd>} and blank output are empty lists.
 * Malformed input is an {@link IllegalArgumentException}. Stateless.
 */
final class AppcmdXml {

  /** IIS's default {@code processModel.shutdownTimeLimit}. */
  static final Duration DEFAULT_SHUTDOWN_TIME_LIMIT = Duration.ofSeconds(90);

  /** .NET TimeSpan as IIS writes it: {@code [d.]hh:mm:ss[.fffffff]}. */
  private static final Pattern TIME_SPAN =
      Pattern.compile("(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,7}))?");

  private AppcmdXml() {}

  /**
   * An application from {@code appcmd list app /xml}.
   *
   * @param path {@code /} for a site's root application
   */
  record App(String site, String path, String pool) {
    boolean isRoot() {
      return path.equals("/");
    }
  }

  /**
   * {@code list apppool /config:* /xml}: the {@code APPPOOL} element's name and state, and from the
   * nested configuration element {@code autoStart} (default true), {@code
   * processModel/@shutdownTimeLimit} (default 90s) and {@code
   * recycling/@disallowOverlappingRotation} (default false). Pids are not part of this listing.
   */
  static List<AppPool> pools(String xml) {
    List<AppPool> pools = new ArrayList<>();
    for (Element e : children(root(xml), "APPPOOL")) {
      Element config = firstChildElement(e).orElse(e);
      String autoStart = attr(config, "autoStart").or(() -> attr(e, "autoStart")).orElse("true");
      Duration shutdown =
          descendant(e, "processModel")
              .flatMap(pm -> attr(pm, "shutdownTimeLimit"))
              .map(AppcmdXml::timeSpan)
              .orElse(DEFAULT_SHUTDOWN_TIME_LIMIT);
      String noOverlap =
          descendant(e, "recycling")
              .flatMap(r -> attr(r, "disallowOverlappingRotation"))
              .orElse("false");
      pools.add(
          new AppPool(
              required(e, "APPPOOL.NAME"),
              AppcmdText.lenientState(e.getAttribute("state")),
              bool(autoStart, "autoStart"),
              shutdown,
              bool(noOverlap, "disallowOverlappingRotation"),
              List.of()));
    }
    return pools;
  }

  /**
   * {@code list site /config:* /xml}: name, id, comma-separated bindings, state, and {@code
   * serverAutoStart} from the nested {@code <site>} element (default true). Pools are left empty;
   * {@link #poolsBySite} supplies them.
   */
  static List<Site> sites(String xml) {
    List<Site> sites = new ArrayList<>();
    for (Element e : children(root(xml), "SITE")) {
      String autoStart =
          children(e, "site").stream()
              .findFirst()
              .flatMap(s -> attr(s, "serverAutoStart"))
              .or(() -> attr(e, "serverAutoStart"))
              .orElse("true");
      List<String> bindings = new ArrayList<>();
      for (String b : e.getAttribute("bindings").split(",")) {
        if (!b.isBlank()) {
          bindings.add(b.strip());
        }
      }
      sites.add(
          new Site(
              required(e, "SITE.NAME"),
              attr(e, "SITE.ID").map(id -> number(id, "SITE.ID")).orElse(0L),
              AppcmdText.lenientState(e.getAttribute("state")),
              bindings,
              List.of(),
              bool(autoStart, "serverAutoStart")));
    }
    return sites;
  }

  /**
   * {@code list app /xml}: {@code APP.NAME="Site/path"}, {@code APPPOOL.NAME}, {@code SITE.NAME}.
   */
  static List<App> apps(String xml) {
    List<App> apps = new ArrayList<>();
    for (Element e : children(root(xml), "APP")) {
      String name = required(e, "APP.NAME");
      int slash = name.indexOf('/');
      String site = attr(e, "SITE.NAME").orElse(slash < 0 ? name : name.substring(0, slash));
      String path =
          attr(e, "path")
              .orElseGet(
                  () ->
                      name.regionMatches(true, 0, site, 0, site.length())
                          ? name.substring(site.length())
                          : (slash < 0 ? "" : name.substring(slash)));
      String pool = attr(e, "APPPOOL.NAME").or(() -> attr(e, "applicationPool")).orElse("");
      apps.add(new App(site, path.isEmpty() ? "/" : path, pool));
    }
    return apps;
  }

  /**
   * Each site's pools, the root application's first, then the others in listing order, each once.
   * Site names are matched case-insensitively, as IIS does.
   */
  static Map<String, List<String>> poolsBySite(List<App> apps) {
    Map<String, Set<String>> bySite = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    List<App> ordered = new ArrayList<>(apps.stream().filter(App::isRoot).toList());
    apps.stream().filter(a -> !a.isRoot()).forEach(ordered::add);
    for (App a : ordered) {
      Set<String> pools = bySite.computeIfAbsent(a.site(), k -> new LinkedHashSet<>());
      if (!a.pool().isBlank()) {
        pools.add(a.pool());
      }
    }
    Map<String, List<String>> result = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    bySite.forEach((site, pools) -> result.put(site, List.copyOf(pools)));
    return Collections.unmodifiableMap(result);
  }

  /** {@code list wp /xml}: {@code WP.NAME} (the pid) → {@code APPPOOL.NAME}, in listing order. */
  static Map<Integer, String> workers(String xml) {
    Map<Integer, String> workers = new LinkedHashMap<>();
    for (Element e : children(root(xml), "WP")) {
      workers.put(AppcmdText.pid(required(e, "WP.NAME")), e.getAttribute("APPPOOL.NAME"));
    }
    return Collections.unmodifiableMap(workers);
  }

  /** A .NET TimeSpan ({@code 00:01:30}, {@code 1.00:00:00}, {@code 00:00:00.5}). */
  static Duration timeSpan(String text) {
    Matcher m = TIME_SPAN.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a TimeSpan: \"" + text + "\"");
    }
    Duration d =
        Duration.ofDays(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
            .plusHours(Long.parseLong(m.group(2)))
            .plusMinutes(Long.parseLong(m.group(3)))
            .plusSeconds(Long.parseLong(m.group(4)));
    if (m.group(5) != null) {
      String ticks = (m.group(5) + "0000000").substring(0, 7);
      d = d.plusNanos(Long.parseLong(ticks) * 100);
    }
    return d;
  }

  /** The {@code <appcmd>} element, or null for blank output. */
  static Element root(String xml) {
    String text = xml.strip();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1).strip();
    }
    if (text.isEmpty()) {
      return null;
    }
    Element root;
    try {
      root = SafeXml.parse(text);
    } catch (SAXException e) {
      throw new IllegalArgumentException(
          "appcmd printed XML that cannot be read: " + e.getMessage());
    }
    if (!root.getTagName().equals("appcmd")) {
      throw new IllegalArgumentException(
          "appcmd XML should start with <appcmd>, not <" + root.getTagName() + ">");
    }
    return root;
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }

  private static Optional<Element> firstChildElement(Element parent) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static Optional<Element> descendant(Element parent, String tag) {
    var list = parent.getElementsByTagName(tag);
    return list.getLength() == 0 ? Optional.empty() : Optional.of((Element) list.item(0));
  }

  private static Optional<String> attr(Element e, String name) {
    return e.hasAttribute(name) ? Optional.of(e.getAttribute(name)) : Optional.empty();
  }

  private static String required(Element e, String name) {
    return attr(e, name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "<" + e.getTagName() + "> without the " + name + " attribute"));
  }

  private static boolean bool(String text, String what) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(what + " is not true or false: \"" + text + "\"");
    };
  }

  private static long number(String text, String what) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a number: \"" + text + "\"");
    }
  }
}
