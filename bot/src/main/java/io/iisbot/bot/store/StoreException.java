package io.iisbot.bot.store;

/**
 * The database failed or refused: unreachable, locked for too long, or a schema this code cannot
 * use. The message names the store operation; it may hold database details, so it is for the log,
 * not for chat.
 */
public final class StoreException extends RuntimeException {

  StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure the bot itself finds: writes still waiting for the store, say. */
  public StoreException(String message) {
    super(message);
  }
}
