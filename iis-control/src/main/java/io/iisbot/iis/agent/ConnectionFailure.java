package io.iisbot.iis.agent;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** A request that got no usable answer, classified once so retry and message agree on why. */
final class ConnectionFailure extends Exception {

  /** Why there was no answer, and whether trying again could help. */
  enum Reason {
    REFUSED(true),
    UNKNOWN_HOST(false),
    TLS(false),
    CONNECT_TIMEOUT(true),
    TIMEOUT(true),
    CLOSED(true);

    final boolean retryable;

    Reason(boolean retryable) {
      this.retryable = retryable;
    }
  }

  final Reason reason;

  ConnectionFailure(Reason reason, Throwable cause) {
    super(reason.name(), cause, false, false);
    this.reason = reason;
  }

  /** Classifies what {@link java.net.http.HttpClient} threw, looking through its wrappers. */
  static ConnectionFailure of(Throwable t) {
    Throwable root = unwrap(t);
    if (has(root, UnresolvedAddressException.class) || has(root, UnknownHostException.class)) {
      return new ConnectionFailure(Reason.UNKNOWN_HOST, root);
    }
    if (has(root, SSLException.class)) {
      return new ConnectionFailure(Reason.TLS, root);
    }
    if (has(root, HttpConnectTimeoutException.class)) {
      return new ConnectionFailure(Reason.CONNECT_TIMEOUT, root);
    }
    if (has(root, HttpTimeoutException.class) || has(root, TimeoutException.class)) {
      return new ConnectionFailure(Reason.TIMEOUT, root);
    }
    if (has(root, ConnectException.class)) {
      return new ConnectionFailure(Reason.REFUSED, root);
    }
    return new ConnectionFailure(Reason.CLOSED, root);
  }

  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  private static boolean has(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** The TLS failure in a few words, without certificate dumps. */
  String tlsDetail() {
    for (Throwable c = getCause(); c != null; c = c.getCause()) {
      if (c instanceof java.security.cert.CertificateException) {
        return "its certificate is not trusted";
      }
    }
    return "handshake failed";
  }
}
