package io.iisbot.iis.agent.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream from the agent, as a browser's EventSource would. */
final class SseReader {

  record Event(String event, long id, String data) {}

  private SseReader() {}

  /**
   * Reads events until {@code max} were read or the stream ends; then drops the connection.
   *
   * @param lastEventId sent as Last-Event-ID when not null
   */
  static List<Event> read(AgentFixture f, String path, Long lastEventId, int max) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(f.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header(
                "Authorization",
                f.signature(
                    "GET",
                    path,
                    null,
                    f.clock.millis() / 1000,
                    io.iisbot.iis.agent.AgentAuth.newNonce()));
    if (lastEventId != null) {
      b.header("Last-Event-ID", Long.toString(lastEventId));
    }
    List<Event> events = new ArrayList<>();
    try {
      HttpResponse<Stream<String>> r =
          f.http.send(b.GET().build(), HttpResponse.BodyHandlers.ofLines());
      if (r.statusCode() != 200) {
        throw new AssertionError("progress stream answered " + r.statusCode());
      }
      try (Stream<String> lines = r.body()) {
        Iterator<String> it = lines.iterator();
        String event = "message";
        long id = -1;
        StringBuilder data = new StringBuilder();
        while (events.size() < max && it.hasNext()) {
          String line = it.next();
          if (line.isEmpty()) {
            if (data.length() > 0) {
              events.add(new Event(event, id, data.toString()));
            }
            event = "message";
            id = -1;
            data.setLength(0);
          } else if (line.startsWith("event:")) {
            event = line.substring(6).strip();
          } else if (line.startsWith("id:")) {
            id = Long.parseLong(line.substring(3).strip());
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return events;
  }
}
