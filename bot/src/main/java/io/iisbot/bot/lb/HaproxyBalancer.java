package io.iisbot.bot.lb;

import io.iisbot.config.LoadBalancer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * HAProxy through its runtime API (the stats socket, {@code level admin}): one connection per
 * command, {@code show stat} for states and sessions, {@code set server b/s state ...} to drain and
 * restore. Thread-safe: it keeps no connection.
 */
final class HaproxyBalancer implements Balancer {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final LoadBalancer.Haproxy config;

  HaproxyBalancer(LoadBalancer.Haproxy config) {
    this.config = config;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public List<Backend> backendsOf(String server) {
    return stat().stream().filter(b -> b.server(server).isPresent()).toList();
  }

  @Override
  public void drain(String server) {
    setState(server, "drain");
  }

  @Override
  public void restore(String server) {
    setState(server, "ready");
  }

  @Override
  public OptionalInt connections(String server) {
    List<Backend> backends = backendsOf(server);
    if (backends.isEmpty()) {
      throw notFound(server);
    }
    return OptionalInt.of(
        backends.stream().mapToInt(b -> b.server(server).orElseThrow().sessions()).sum());
  }

  @Override
  public Optional<Boolean> up(String server) {
    List<Backend> backends = backendsOf(server);
    if (backends.isEmpty()) {
      throw notFound(server);
    }
    return Optional.of(
        backends.stream().allMatch(b -> b.server(server).orElseThrow().status().startsWith("UP")));
  }

  /** The configured backends as {@code show stat} reports them now. */
  List<Backend> stat() {
    return StatCsv.parse(command("show stat"), config.backends());
  }

  private void setState(String server, String state) {
    List<Backend> backends = backendsOf(server);
    if (backends.isEmpty()) {
      throw notFound(server);
    }
    for (Backend b : backends) {
      String answer = command("set server " + b.name() + "/" + server + " state " + state).strip();
      // HAProxy answers nothing when the command worked, and a sentence when it did not.
      if (!answer.isEmpty()) {
        throw new BalancerException(
            config.name()
                + " refused to set "
                + b.name()
                + "/"
                + server
                + " "
                + state
                + ": "
                + answer);
      }
    }
  }

  private BalancerException notFound(String server) {
    return new BalancerException(
        "no server "
            + server
            + " in "
            + config.name()
            + "'s backend"
            + (config.backends().size() == 1 ? " " : "s ")
            + String.join(", ", config.backends()));
  }

  /** Sends one command and reads the whole answer (HAProxy closes after it). */
  String command(String line) {
    URI api = config.runtimeApi();
    byte[] request = (line + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      if (api.getScheme().equals("unix")) {
        Path path = Path.of(api.toString().substring("unix:".length()));
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
          ch.connect(UnixDomainSocketAddress.of(path));
          ch.write(ByteBuffer.wrap(request));
          return readAll(Channels.newInputStream(ch));
        }
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(api.getHost(), api.getPort()), (int) TIMEOUT.toMillis());
        s.setSoTimeout((int) TIMEOUT.toMillis());
        OutputStream out = s.getOutputStream();
        out.write(request);
        out.flush();
        return readAll(s.getInputStream());
      }
    } catch (IOException e) {
      throw new BalancerException(
          "cannot reach load balancer "
              + config.name()
              + " at "
              + api
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")",
          e);
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    in.transferTo(buf);
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** Reads {@code show stat}'s CSV by its header's column names. */
  static final class StatCsv {
    private StatCsv() {}

    static List<Backend> parse(String csv, List<String> backends) {
      String[] lines = csv.split("\n");
      if (lines.length == 0 || !lines[0].startsWith("# ")) {
        throw new BalancerException(
            "unexpected answer to show stat: " + (lines.length == 0 ? "nothing" : lines[0]));
      }
      String[] header = lines[0].substring(2).split(",", -1);
      Map<String, Integer> col = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        col.put(header[i], i);
      }
      for (String c : List.of("pxname", "svname", "scur", "status")) {
        if (!col.containsKey(c)) {
          throw new BalancerException("show stat has no " + c + " column");
        }
      }
      Map<String, List<Server>> servers = new LinkedHashMap<>();
      backends.forEach(b -> servers.put(b, new ArrayList<>()));
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].split(",", -1);
        if (f.length < header.length) {
          continue;
        }
        String px = f[col.get("pxname")];
        String sv = f[col.get("svname")];
        if (!servers.containsKey(px) || sv.equals("BACKEND") || sv.equals("FRONTEND")) {
          continue;
        }
        String scur = f[col.get("scur")];
        servers
            .get(px)
            .add(new Server(sv, f[col.get("status")], scur.isEmpty() ? 0 : Integer.parseInt(scur)));
      }
      List<Backend> out = new ArrayList<>();
      servers.forEach((name, list) -> out.add(new Backend(name, list)));
      return out;
    }
  }
}
