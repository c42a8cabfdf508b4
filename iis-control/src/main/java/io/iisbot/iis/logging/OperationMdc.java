package io.iisbot.iis.logging;

import org.slf4j.MDC;

/**
 * The operation id in SLF4J's MDC, under {@value #KEY}: every line logged on a thread while it
 * works for an operation names that operation. Needs only the SLF4J API.
 */
public final class OperationMdc {

  /** The MDC key; the JSON format shows it under {@code mdc.operation}. */
  public static final String KEY = "operation";

  private OperationMdc() {}

  /** Put back what was there before; closing twice does no harm. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Names {@code operationId} on this thread until the scope is closed, which restores the id that
   * was there before (or none).
   */
  public static Scope put(String operationId) {
    String before = MDC.get(KEY);
    MDC.put(KEY, operationId);
    return () -> {
      if (before == null) {
        MDC.remove(KEY);
      } else {
        MDC.put(KEY, before);
      }
    };
  }
}
