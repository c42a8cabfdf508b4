package io.iisbot.adapters.teams;

/**
 * A call to the Bot Connector or Microsoft Entra that did not succeed, after any retries: the
 * operation and the status, never a token or a secret.
 */
final class ConnectorException extends RuntimeException {

  private final int status;

  ConnectorException(String message, int status) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The HTTP status that ended it, 0 when there was no answer. */
  int status() {
    return status;
  }
}
