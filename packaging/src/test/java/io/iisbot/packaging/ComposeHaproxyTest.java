package io.iisbot.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The load balancer of {@code config/compose.yaml}, checked by HAProxy itself ({@code -c}). */
@Tag("haproxy")
final class ComposeHaproxyTest {

  @Test
  void composeHaproxyCfg_isValid() throws Exception {
    Process p =
        new ProcessBuilder(
                "/usr/sbin/haproxy",
                "-c",
                "-f",
                SystemdUnitTest.REPO.resolve("config/compose/haproxy.cfg").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(out).isZero();
    // bot1 and bot2 exist only inside compose's network: that warning, and no other.
    assertThat(out.lines().filter(l -> l.contains("[WARNING]") || l.contains("[ALERT]")))
        .allMatch(l -> l.contains("could not resolve address 'bot"));
  }
}
