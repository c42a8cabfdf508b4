package io.iisbot.iis.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A warm-up GET written by hand on a socket: the JDK's HTTP clients will not send a {@code Host}
 * header other than the URL's, and a warm-up must name the site's binding while it connects to
 * loopback. Reads the status line and headers only.
 */
final class SocketWarmupProbe implements WarmupProbe {

  private static final int MAX_HEADER_LINES = 100;

  @Override
  public Answer get(InetSocketAddress address, String hostHeader, String path, Duration timeout)
      throws IOException {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      socket.connect(address, millis);
      socket.setSoTimeout(millis);
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: "
              + hostHeader
              + "\r\nUser-Agent: iisbot-warmup\r\nAccept: */*\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String status = in.readLine();
      if (status == null || !status.startsWith("HTTP/") || status.length() < 12) {
        throw new IOException("not an HTTP answer: " + (status == null ? "nothing" : status));
      }
      int code;
      try {
        code = Integer.parseInt(status.substring(9, 12));
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status line: " + status, e);
      }
      String location = null;
      for (int i = 0; i < MAX_HEADER_LINES; i++) {
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
          break;
        }
        if (line.toLowerCase(Locale.ROOT).startsWith("location:")) {
          location = line.substring("location:".length()).trim();
        }
      }
      return new Answer(code, location);
    }
  }
}
