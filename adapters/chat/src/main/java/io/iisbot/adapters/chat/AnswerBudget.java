package io.iisbot.adapters.chat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answering a chat platform within its deadline (Slack and Discord both allow 3 s): the bot's work
 * runs off the request thread; its reply is returned when ready within the budget, otherwise the
 * platform is acknowledged at once and the reply follows. Thread-safe.
 */
public final class AnswerBudget {

  private static final Logger LOG = LoggerFactory.getLogger(AnswerBudget.class);

  private final Executor executor;
  private final Duration budget;

  public AnswerBudget(Executor executor, Duration budget) {
    this.executor = executor;
    this.budget = budget;
  }

  /**
   * Runs {@code work}. Returns its reply when ready within the budget; otherwise runs {@code defer}
   * at once and hands the reply to {@code late} when it comes (a failure then is logged).
   *
   * @throws IllegalStateException when the work failed within the budget
   */
  public Optional<ChatReply> within(
      Supplier<ChatReply> work, Runnable defer, Consumer<ChatReply> late) {
    CompletableFuture<ChatReply> f = CompletableFuture.supplyAsync(work, executor);
    try {
      return Optional.of(f.get(budget.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException slow) {
      defer.run();
      f.whenCompleteAsync(
          (r, e) -> {
            if (r != null) {
              late.accept(r);
            } else {
              LOG.error("the bot failed on a chat request", e);
            }
          },
          executor);
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the bot failed on a chat request", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Runs something off the request thread (followups after an answer). */
  public void later(Runnable r) {
    executor.execute(r);
  }
}
