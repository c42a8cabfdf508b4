package io.iisbot.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * {@code bot/target/iisbot.jar} holds the classes the modules were just compiled to, not a previous
 * build's. (The shaded jar takes the bot module's own jar name; a build in which only another
 * module changed once merged the previous shaded jar back in, and its old classes won.) The reactor
 * packages the bot module before this one's tests run.
 */
final class ShadedJarTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyClassOfEveryModule_isInTheJarAsCompiled() throws IOException {
    Path jar = ROOT.resolve("bot/target/iisbot.jar");
    assertThat(jar).as("built by the bot module's package phase").exists();
    List<String> stale = new ArrayList<>();
    int checked = 0;
    try (ZipFile zip = new ZipFile(jar.toFile());
        Stream<Path> classDirs = moduleClassDirs()) {
      for (Path dir : classDirs.toList()) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
            String name = dir.relativize(f).toString().replace('\\', '/');
            ZipEntry e = zip.getEntry(name);
            byte[] inJar = e == null ? null : zip.getInputStream(e).readAllBytes();
            if (inJar == null || !java.util.Arrays.equals(inJar, Files.readAllBytes(f))) {
              stale.add(ROOT.relativize(dir) + ": " + name + (e == null ? " (missing)" : ""));
            }
            checked++;
          }
        }
      }
    }
    assertThat(checked).as("classes compared").isGreaterThan(500);
    assertThat(stale).as("classes that differ from the jar's").isEmpty();
  }

  /** The main classes of the modules the bot's jar is made of. */
  private static Stream<Path> moduleClassDirs() throws IOException {
    Stream<Path> adapters;
    try (Stream<Path> list = Files.list(ROOT.resolve("adapters"))) {
      adapters = list.map(p -> p.resolve("target/classes")).toList().stream();
    }
    return Stream.concat(
            Stream.of("config", "iis-control", "bot").map(m -> ROOT.resolve(m + "/target/classes")),
            adapters)
        .filter(Files::isDirectory);
  }
}
