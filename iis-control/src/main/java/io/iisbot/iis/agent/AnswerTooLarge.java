package io.iisbot.iis.agent;

import java.io.IOException;

/** An agent's answer ran past what the client reads of it; the rest was not read. */
final class AnswerTooLarge extends IOException {

  final long limit;
  final String part;

  /**
   * @param part what was too large, for messages: "an answer", "a line of the progress stream"
   */
  AnswerTooLarge(String part, long limit) {
    super(part + " over " + limit + " bytes", null);
    this.part = part;
    this.limit = limit;
  }

  /** {@code t} or one of its causes, if it is one. */
  static AnswerTooLarge in(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AnswerTooLarge a) {
        return a;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
