package io.iisbot.bot.app;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 requests sent as written, so a test can give any {@code Host} header (Java's HttpClient
 * refuses to) and see the answer's status, head and body.
 */
final class RawHttp {

  /** An answer: its status, its status line and headers, and its body. */
  record Answer(int status, String head, String body) {}

  private RawHttp() {}

  /** Sends a request without a body to the server at {@code base} (its host and port). */
  static Answer send(URI base, String method, String path, Map<String, String> headers)
      throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(20_000);
      StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
      b.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
      socket.getOutputStream().write(b.toString().getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int body = answer.indexOf("\r\n\r\n");
      return new Answer(
          Integer.parseInt(answer.substring(9, 12)),
          answer.substring(0, body),
          answer.substring(body + 4));
    }
  }
}
