package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's {@code iisbot_call} (bash, curl and openssl, nothing of ours) against a simulated
 * agent on loopback, started as the README's "Try it" starts one: the protocol as documented is the
 * protocol the agent speaks.
 */
final class ReadmeAgentExampleTest {

  private static final String SECRET =
      "9c2e5a71f04b83d6e1a7c9f2b5d8e03a6c1f4b7e9d2a5c8f0b3e6a9d1c4f7b2e";

  /** The function as the README's Authentication section shows it. */
  static String iisbotCall() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("iisbot_call() {")) {
        start = i;
        break;
      }
    }
    assertThat(start).as("the README shows iisbot_call()").isNotNegative();
    StringBuilder fn = new StringBuilder();
    for (int i = start; i < lines.size(); i++) {
      fn.append(lines.get(i)).append('\n');
      if (lines.get(i).equals("}")) {
        return fn.toString();
      }
    }
    throw new AssertionError("iisbot_call() in the README has no closing brace");
  }

  private static boolean available(String tool) {
    try {
      Process p =
          new ProcessBuilder("bash", "-c", "command -v " + tool).redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void readmeCurlExample_againstALiveAgent_getsHealthAndStartsAnOperation() throws Exception {
    assumeTrue(
        available("bash") && available("curl") && available("openssl"),
        "the README example needs bash, curl and openssl on the PATH; one is missing here");
    AgentMain.Invocation inv =
        AgentMain.Invocation.parse(new String[] {"--simulate", "busy", "--port", "0"});
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Agent agent =
        AgentMain.serve(
            inv,
            Map.of("IISBOT_AGENT_KEY_ID", "trial", "IISBOT_AGENT_SECRET", SECRET),
            new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      String script =
          iisbotCall()
              // The README's curl, plus the status line, so that the test can see the 202.
              + "curl() { command curl -w 'HTTP %{http_code}' \"$@\"; }\n"
              + "iisbot_call GET /v1/health\n"
              // Resuming what was not suspended: done at once, so the agent closes without waiting.
              + "iisbot_call POST /v1/operations \"\" "
              + "'{\"id\":\"op-20260105-0001\",\"action\":\"resume\",\"scope\":\"pool:Api\","
              + "\"requestedBy\":\"me\"}'\n";
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
      pb.environment().put("IISBOT_AGENT_KEY_ID", "trial");
      pb.environment().put("IISBOT_AGENT_SECRET", SECRET);
      pb.environment().put("IISBOT_AGENT_NAME", "web02");
      pb.environment().put("IISBOT_AGENT_URL", agent.uri().toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

      assertThat(printed.toString(StandardCharsets.UTF_8))
          .startsWith("iisbot agent for web02 (simulated: busy) on http://127.0.0.1:");
      List<String> answers = out.lines().filter(l -> !l.isBlank()).toList();
      assertThat(answers).as(out).hasSize(2);
      assertThat(answers.get(0))
          .startsWith("{\"status\":\"ok\",\"version\":\"0.1.0\",\"host\":\"web02\"")
          .endsWith("HTTP 200");
      assertThat(answers.get(1))
          .startsWith("{\"id\":\"op-20260105-0001\",\"host\":\"web02\",\"action\":\"resume\"")
          .endsWith("HTTP 202");
    }
  }
}
