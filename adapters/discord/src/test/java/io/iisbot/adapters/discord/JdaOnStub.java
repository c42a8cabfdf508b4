package io.iisbot.adapters.discord;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;

/**
 * The real JDA client logged in to a {@link DiscordStub}, set up as it works offline; closing it
 * shuts JDA down and waits for that.
 */
final class JdaOnStub implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final String TOKEN = "test-token";

  private final JDA jda;

  private JdaOnStub(JDA jda) {
    this.jda = jda;
  }

  /**
   * JDA pointed at the stub: its REST base, its gateway (JDA asks the session controller, not
   * {@code /gateway}), no compression (the stub sends plain text frames), and no shutdown hook, as
   * tests start many clients. No intents asked: JDA always adds GUILDS, which caches the guild, its
   * roles and channels.
   */
  static JDABuilder builder(DiscordStub stub, String token) {
    return JDABuilder.createLight(token, EnumSet.noneOf(GatewayIntent.class))
        .setRestConfig(new RestConfig().setBaseUrl(stub.restUrl()))
        .setSessionController(
            new SessionControllerAdapter() {
              @Override
              public String getGateway() {
                return stub.gatewayUrl();
              }
            })
        .setCompression(Compression.NONE)
        .setEnableShutdownHook(false);
  }

  /** Logs in with the listeners and waits for JDA's ReadyEvent. */
  static JdaOnStub start(DiscordStub stub, EventListener... listeners) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(1);
    EventListener onReady =
        event -> {
          if (event instanceof ReadyEvent) {
            ready.countDown();
          }
        };
    JDA jda =
        builder(stub, TOKEN)
            .addEventListeners(onReady)
            .addEventListeners((Object[]) listeners)
            .build();
    if (!ready.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      jda.shutdownNow();
      throw new AssertionError("JDA not ready within " + TIMEOUT + "; status " + jda.getStatus());
    }
    return new JdaOnStub(jda);
  }

  JDA jda() {
    return jda;
  }

  /**
   * Shuts JDA down, letting requests under way finish: {@code shutdownNow()} interrupts JDA's rate
   * limiter while it books the last answer, which it logs as an error.
   */
  @Override
  public void close() throws InterruptedException {
    jda.shutdown();
    if (!jda.awaitShutdown(TIMEOUT)) {
      jda.shutdownNow();
      throw new AssertionError("JDA did not shut down within " + TIMEOUT);
    }
  }
}
