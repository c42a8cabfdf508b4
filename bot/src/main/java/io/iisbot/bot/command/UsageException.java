package io.iisbot.bot.command;

import java.util.Objects;

/**
 * A typed command could not be understood. The message is written for the chat user and says what
 * was wrong; control characters from the input are escaped, so it is safe to post as it is. {@link
 * #usage()} is the usage line of the command, or the list of usage lines when the command itself
 * was not recognised.
 */
public final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String usage;

  public UsageException(String message, String usage) {
    super(Objects.requireNonNull(message, "message"));
    this.usage = Objects.requireNonNull(usage, "usage");
  }

  /** The usage line (or lines) to show under the message. */
  public String usage() {
    return usage;
  }

  /** The message and the usage, as one reply. */
  public String reply() {
    return getMessage() + (usage.contains("\n") ? "\nCommands:\n" : "\nUsage: ") + usage;
  }
}
