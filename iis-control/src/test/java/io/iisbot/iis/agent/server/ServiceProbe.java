package io.iisbot.iis.agent.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The program {@link WindowsServiceWindowsTest} installs as a service, in place of the agent: run
 * as {@code java -jar probe.jar service --config <file>}, it reads the service name (and "fail", to
 * fail its start) from the file and leaves marker files next to it.
 */
final class ServiceProbe {

  private ServiceProbe() {}

  public static void main(String[] args) throws IOException {
    Path config = Path.of(args[2]);
    Path dir = config.getParent();
    String[] lines = Files.readString(config, StandardCharsets.UTF_8).strip().split("\n");
    AgentLogging.configure(dir.resolve("logs"), true, null);
    boolean fail = lines.length > 1 && lines[1].strip().equals("fail");
    WindowsService.dispatch(
        lines[0].strip(),
        () -> {
          if (fail) {
            throw new IllegalStateException("the probe was told to fail its start");
          }
          mark(dir.resolve("started"));
          return () -> mark(dir.resolve("stopped"));
        });
  }

  private static void mark(Path file) {
    try {
      Files.writeString(file, "at " + java.time.Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
