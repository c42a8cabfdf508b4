package io.iisbot.iis.windows;

import java.util.Map;

/**
 * The {@code W3SVC_W3WP(<pid>_<pool>)\Active Requests} performance counter: in-flight requests per
 * pool when Request Monitor is not installed.
 */
interface RequestCounter {

  /** Active requests per app pool name, summed over its workers. */
  Map<String, Integer> activeByPool();
}
