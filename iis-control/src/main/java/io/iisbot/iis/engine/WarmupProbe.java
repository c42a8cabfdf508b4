package io.iisbot.iis.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Sends one warm-up request: {@code GET path} to an address on the host itself with a given {@code
 * Host} header, and reports the status. Redirects are never followed. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface WarmupProbe {

  /** One answer: the status and, for a redirect, its {@code Location} (else null). */
  record Answer(int status, String location) {}

  /**
   * @throws IOException when nothing answers in time (connection refused, reset, timeout)
   */
  Answer get(InetSocketAddress address, String hostHeader, String path, Duration timeout)
      throws IOException;

  /** HTTP/1.1 over a plain socket, so the {@code Host} header can be the binding's. */
  static WarmupProbe http() {
    return new SocketWarmupProbe();
  }
}
