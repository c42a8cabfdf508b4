package io.iisbot.iis.agent;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An answer's body read into memory up to a limit: one declared longer is refused before a byte is
 * read, one that runs past the limit is cut there (the connection is dropped), so an agent that
 * answers without end costs the bot the limit, not its heap; one whose body has not all arrived by
 * the call's deadline is dropped too (a {@link TimeoutException}). One per response; callbacks come
 * from the HTTP client one at a time.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  private final long limit;
  private final boolean refuse;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final long deadlineNanos;
  private Flow.Subscription subscription;

  private BoundedBody(long limit, boolean refuse, long deadlineNanos) {
    this.limit = limit;
    this.refuse = refuse;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * Reads at most {@code limit} bytes of each answer, and only until {@code deadlineNanos} ({@link
   * System#nanoTime}).
   */
  static HttpResponse.BodyHandler<byte[]> handler(long limit, long deadlineNanos) {
    return info ->
        new BoundedBody(
            limit,
            info.headers().firstValueAsLong("Content-Length").orElse(-1) > limit,
            deadlineNanos);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (refuse) {
      tooLarge();
      return;
    }
    // The timer is dropped when the body completes first (CompletableFuture's own delayer thread).
    result
        .orTimeout(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
        .whenComplete(
            (body, failure) -> {
              if (failure instanceof TimeoutException) {
                s.cancel();
              }
            });
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if (out.size() + (long) b.remaining() > limit) {
        tooLarge();
        return;
      }
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      out.write(bytes, 0, bytes.length);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(out.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  private void tooLarge() {
    subscription.cancel();
    out.reset();
    result.completeExceptionally(new AnswerTooLarge("an answer", limit));
  }
}
