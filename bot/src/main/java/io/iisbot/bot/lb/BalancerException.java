package io.iisbot.bot.lb;

/** A load balancer could not be reached or refused a command; the message is for the operator. */
public final class BalancerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BalancerException(String message) {
    super(message);
  }

  public BalancerException(String message, Throwable cause) {
    super(message, cause);
  }
}
