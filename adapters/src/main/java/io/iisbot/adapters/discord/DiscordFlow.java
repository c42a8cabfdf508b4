package io.iisbot.adapters.discord;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.Identity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What both Discord modes share: who is asking, and answering within Discord's 3 s. */
final class DiscordFlow {

  private static final Logger LOG = Logger.getLogger(DiscordFlow.class.getName());

  /** How long the bot may think before the interaction is deferred. */
  static final Duration ANSWER_BUDGET = Duration.ofMillis(2_000);

  static final String PLATFORM = "discord";

  private final ExecutorService executor;

  DiscordFlow(ExecutorService executor) {
    this.executor = executor;
  }

  /**
   * {@code discord:<user>} and, in a server, {@code discord-role:<role>} for each of the member's
   * roles; in a direct message there is no member and so no role.
   */
  static Caller caller(String userId, String displayName, List<String> roleIds) {
    List<Identity> roles = new ArrayList<>();
    roleIds.forEach(r -> roles.add(Identity.parse("discord-role:" + r)));
    return new Caller(
        Identity.parse("discord:" + userId),
        roles,
        displayName == null || displayName.isBlank() ? userId : displayName);
  }

  /**
   * Runs the bot's work off the interaction's thread. Returns its reply when ready within {@link
   * #ANSWER_BUDGET}; otherwise runs {@code defer} at once and hands the reply to {@code late} when
   * it comes.
   */
  Optional<ChatReply> within(Supplier<ChatReply> work, Runnable defer, Consumer<ChatReply> late) {
    CompletableFuture<ChatReply> f = CompletableFuture.supplyAsync(work, executor);
    try {
      return Optional.of(f.get(ANSWER_BUDGET.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException slow) {
      defer.run();
      f.whenCompleteAsync(
          (r, e) -> {
            if (r != null) {
              late.accept(r);
            } else {
              LOG.log(Level.SEVERE, "a Discord interaction failed", e);
            }
          },
          executor);
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the bot failed on a Discord interaction", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  void later(Runnable r) {
    executor.execute(r);
  }
}
