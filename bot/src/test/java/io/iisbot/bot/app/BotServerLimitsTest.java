package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Finding 8 on the bot's own server: bodies sent a byte at a time do not stop /healthz. */
final class BotServerLimitsTest {

  @TempDir Path dir;

  private BotApp app;
  private final List<Socket> slow = new ArrayList<>();
  private final ScheduledExecutorService dribbler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "slow-bodies");
            t.setDaemon(true);
            return t;
          });

  @AfterEach
  void stop() throws IOException {
    dribbler.shutdownNow();
    for (Socket s : slow) {
      s.close();
    }
    if (app != null) {
      app.close();
    }
  }

  private BotApp start() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            console: {enabled: true}
            slack: {signingSecretEnv: SLACK_SIGNING_SECRET, botTokenEnv: SLACK_BOT_TOKEN}
            hosts:
              - {name: web01, agent: "http://127.0.0.1:9", keyId: bot, secretEnv: AGENT_SECRET}
            """
                .formatted(dir.resolve("data").toString().replace("\\", "/")));
    BotConfig config =
        ConfigLoader.load(
            file,
            Map.of(
                "BOT_SECRET", "bot-server-limits-secret-0123456789ab",
                "AGENT_SECRET", "agent-server-limits-secret-0123456789ab",
                "SLACK_SIGNING_SECRET", "slack-signing-secret-for-tests",
                "SLACK_BOT_TOKEN", "xoxb-test"));
    LocalChat chat = new LocalChat("memory", null);
    BotApp a = BotApp.start(config, Map.of(chat.platform(), chat), Clock.systemUTC());
    chat.connect(a.bot());
    return a;
  }

  @Test
  void finding08_slowBodies_doNotStopHealthz() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> capture = new ListAppender<>();
    capture.setContext(root.getLoggerContext());
    capture.start();
    root.addAppender(capture);
    List<ILoggingEvent> log;
    try {
      slowBodiesAndHealthz();
    } finally {
      root.detachAppender(capture);
      synchronized (capture) {
        log = List.copyOf(capture.list);
      }
    }

    assertThat(log)
        .as("cut and abandoned bodies cost a line each at most, never a stack trace")
        .allMatch(r -> r.getThrowableProxy() == null);
  }

  private void slowBodiesAndHealthz() throws Exception {
    app = start();
    int port = URI.create(app.uri()).getPort();
    long ts = System.currentTimeMillis() / 1000;
    for (int i = 0; i < 300; i++) {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
      String path = i % 2 == 0 ? "/slack/events" : "/console/signin";
      s.getOutputStream()
          .write(
              ("POST "
                      + path
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Content-Type: application/x-www-form-urlencoded\r\n"
                      + "X-Slack-Request-Timestamp: "
                      + ts
                      + "\r\nX-Slack-Signature: v0=00\r\nContent-Length: 10000\r\n\r\nt")
                  .getBytes(StandardCharsets.US_ASCII));
      slow.add(s);
    }
    dribbler.scheduleWithFixedDelay(
        () -> {
          for (Socket s : slow) {
            try {
              s.getOutputStream().write('x');
            } catch (IOException cut) {
              // the server gave up on this one
            }
          }
        },
        500,
        500,
        TimeUnit.MILLISECONDS);
    Thread.sleep(500);

    long t0 = System.nanoTime();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(app.uri() + "/healthz"))
                    .timeout(Duration.ofSeconds(3))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
    assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for /healthz").isLessThan(2_000);
    Thread.sleep(2_500); // the admitted ones are cut for being too slow
    dribbler.shutdownNow();
    for (Socket s : slow) {
      s.close(); // and the rest go away mid-body
    }
    Thread.sleep(500);
  }
}
