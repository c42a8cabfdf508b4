package io.iisbot.bot.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic mutations of real payloads: byte-level damage (flips, cuts, splices, invalid
 * UTF-8), structural JSON changes (a value replaced by a hostile string, another type, a deep
 * nest), form fields replaced, and deep JSON. Each call draws from the {@link Random} it is given,
 * so a case is reproduced from its seed alone.
 */
final class Mutator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Strings that have hurt parsers, shells, XPath and file systems elsewhere. */
  static final List<String> HOSTILE =
      List.of(
          "\"",
          "'",
          "&",
          "|",
          "%",
          "%windir%",
          "%00",
          "\n",
          "\r\n",
          "\u0000",
          "\u202e",
          "\ud83d\udca5",
          "'] or 1=1 or ['",
          "*[System]",
          "../../../../windows/win.ini",
          "..\\..\\..\\",
          "\\\\server\\share",
          "C:\\Windows\\System32",
          "<x>&amp;</x>",
          "${jndi:ldap://127.0.0.1/x}",
          "$(whoami)",
          "`whoami`",
          "a & calc.exe",
          "x | del *",
          "stop web01 --force",
          "/iis stop web01",
          "/iis stop web01 pool:\"a|b\"",
          "/iis recycle web01 pool:a%PATH%",
          "/iis stop web0* site:\"x\nERROR\"",
          "/iis status ' or 1=1",
          "",
          " ",
          "-1",
          "0",
          "99999999999999999999999999",
          "1e999",
          "NaN",
          "true",
          "null",
          "{}",
          "[]",
          "\uFEFF",
          "\uD800",
          "a".repeat(3000),
          "\u0430dmin");

  private final Random r;

  Mutator(Random r) {
    this.r = r;
  }

  int nextInt(int bound) {
    return r.nextInt(bound);
  }

  <T> T pick(List<T> from) {
    return from.get(r.nextInt(from.size()));
  }

  String hostile() {
    return pick(HOSTILE);
  }

  // ---- bytes ----------------------------------------------------------------------------------

  /** One to four byte-level changes. */
  byte[] bytes(byte[] seed) {
    byte[] b = seed;
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      b = oneByteChange(b);
    }
    return b;
  }

  private byte[] oneByteChange(byte[] b) {
    if (b.length == 0) {
      return hostile().getBytes(StandardCharsets.UTF_8);
    }
    int at = r.nextInt(b.length);
    switch (r.nextInt(8)) {
      case 0 -> {
        byte[] c = b.clone();
        c[at] ^= (byte) (1 << r.nextInt(8));
        return c;
      }
      case 1 -> {
        byte[] c = b.clone();
        c[at] = (byte) r.nextInt(256);
        return c;
      }
      case 2 -> {
        return concat(slice(b, 0, at), slice(b, Math.min(b.length, at + 1 + r.nextInt(16)), -1));
      }
      case 3 -> {
        return slice(b, 0, at);
      }
      case 4 -> {
        return concat(
            slice(b, 0, at), hostile().getBytes(StandardCharsets.UTF_8), slice(b, at, -1));
      }
      case 5 -> {
        return concat(slice(b, 0, at), invalidUtf8(), slice(b, at, -1));
      }
      case 6 -> {
        int len = Math.min(b.length - at, 1 + r.nextInt(64));
        byte[] piece = slice(b, at, at + len);
        return concat(slice(b, 0, at), piece, piece, slice(b, at, -1));
      }
      default -> {
        byte[] c = new byte[1 + r.nextInt(64)];
        r.nextBytes(c);
        return concat(slice(b, 0, at), c, slice(b, at, -1));
      }
    }
  }

  /** A sequence that is not UTF-8: a lone continuation, an overlong form, a surrogate, 0xFF. */
  byte[] invalidUtf8() {
    byte[][] bad = {
      {(byte) 0x80},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xFF, (byte) 0xFE},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xC3, (byte) 0x28}
    };
    return bad[r.nextInt(bad.length)];
  }

  /** The seed with invalid UTF-8 put at a few places. */
  byte[] withInvalidUtf8(byte[] seed) {
    byte[] b = seed;
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      int at = b.length == 0 ? 0 : r.nextInt(b.length);
      b = concat(slice(b, 0, at), invalidUtf8(), slice(b, at, -1));
    }
    return b;
  }

  /** Random bytes, sometimes looking like the start of JSON or a form. */
  byte[] garbage() {
    byte[] c = new byte[r.nextInt(2048)];
    r.nextBytes(c);
    if (c.length > 0 && r.nextBoolean()) {
      c[0] = (byte) (r.nextBoolean() ? '{' : 'p');
    }
    return c;
  }

  /** JSON nested {@code depth} deep, as arrays or objects, closed or left open. */
  byte[] deepJson(int depth) {
    boolean arrays = r.nextBoolean();
    boolean closed = r.nextInt(4) != 0;
    StringBuilder b = new StringBuilder(depth * 6 + 16);
    for (int i = 0; i < depth; i++) {
      b.append(arrays ? "[" : "{\"a\":");
    }
    b.append("1");
    if (closed) {
      for (int i = 0; i < depth; i++) {
        b.append(arrays ? "]" : "}");
      }
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---- JSON -----------------------------------------------------------------------------------

  /** The JSON seed with one to three of its values changed, or the seed's bytes damaged. */
  String json(String seed) {
    JsonNode root;
    try {
      root = JSON.readTree(seed);
    } catch (Exception e) {
      return new String(bytes(seed.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      root = mutateTree(root);
    }
    return root.toString();
  }

  private JsonNode mutateTree(JsonNode root) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    if (containers.isEmpty()) {
      return randomValue(0);
    }
    JsonNode parent = pick(containers);
    if (parent instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      int op = r.nextInt(6);
      if (names.isEmpty() || op == 0) {
        o.set(names.isEmpty() || r.nextBoolean() ? hostile() : pick(names) + "x", randomValue(0));
      } else if (op == 1) {
        o.remove(pick(names));
      } else {
        o.set(pick(names), randomValue(0));
      }
    } else if (parent instanceof ArrayNode a) {
      if (a.isEmpty() || r.nextBoolean()) {
        a.add(randomValue(0));
      } else {
        a.set(r.nextInt(a.size()), randomValue(0));
      }
    }
    return root;
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
        collect(it.next(), out);
      }
    }
  }

  private JsonNode randomValue(int depth) {
    switch (r.nextInt(depth > 2 ? 7 : 10)) {
      case 0:
        return NODES.textNode(hostile());
      case 1:
        return NODES.numberNode(r.nextLong());
      case 2:
        return NODES.numberNode(r.nextInt(10) - 2);
      case 3:
        return NODES.booleanNode(r.nextBoolean());
      case 4:
        return NODES.nullNode();
      case 5:
        return NODES.numberNode(new java.math.BigDecimal("1e" + (300 + r.nextInt(10000))));
      case 6:
        return NODES.textNode(hostile() + hostile());
      case 7:
        {
          ArrayNode a = NODES.arrayNode();
          for (int i = 0, n = r.nextInt(4); i < n; i++) {
            a.add(randomValue(depth + 1));
          }
          return a;
        }
      case 8:
        {
          ObjectNode o = NODES.objectNode();
          for (int i = 0, n = r.nextInt(4); i < n; i++) {
            o.set(hostile(), randomValue(depth + 1));
          }
          return o;
        }
      default:
        {
          JsonNode n = NODES.numberNode(1);
          for (int i = 0, d = 50 + r.nextInt(200); i < d; i++) {
            n = NODES.arrayNode().add(n);
          }
          return n;
        }
    }
  }

  // ---- forms ----------------------------------------------------------------------------------

  /**
   * The form seed with one field changed: its value hostile, damaged or (for {@code payload}, which
   * holds JSON) structurally mutated; or a field added, dropped or given twice.
   */
  String form(String seed) {
    List<String[]> fields = new ArrayList<>();
    for (String pair : seed.split("&", -1)) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      fields.add(new String[] {decode(k), decode(v)});
    }
    int op = r.nextInt(8);
    if (fields.isEmpty() || op == 0) {
      fields.add(new String[] {r.nextBoolean() ? hostile() : "payload", hostile()});
    } else if (op == 1) {
      fields.remove(r.nextInt(fields.size()));
    } else if (op == 2) {
      String[] f = pick(fields);
      fields.add(new String[] {f[0], hostile()});
    } else {
      String[] f = pick(fields);
      if (f[1].startsWith("{") && r.nextInt(3) != 0) {
        f[1] = json(f[1]);
      } else if (r.nextBoolean()) {
        f[1] = hostile();
      } else if (r.nextBoolean()) {
        f[1] = f[1] + " " + hostile();
      } else {
        f[1] = new String(bytes(f[1].getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] f : fields) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(encode(f[0])).append('=').append(encode(f[1]));
    }
    return b.toString();
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A header value: a hostile string, a long one, or the given one damaged. */
  String headerValue(String given) {
    return switch (r.nextInt(4)) {
      case 0 -> "";
      case 1 -> "x".repeat(1 + r.nextInt(4000));
      case 2 -> given == null ? "0" : given.substring(0, r.nextInt(given.length() + 1));
      default -> given == null ? "1" : given + r.nextInt(10);
    };
  }

  // ---- helpers --------------------------------------------------------------------------------

  static byte[] slice(byte[] b, int from, int to) {
    int end = to < 0 ? b.length : Math.min(to, b.length);
    return java.util.Arrays.copyOfRange(b, Math.min(from, end), end);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** A short JSON text of a map, for seeds. */
  static String json(Map<String, ?> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
