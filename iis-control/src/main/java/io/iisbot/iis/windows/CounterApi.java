package io.iisbot.iis.windows;

import java.util.List;

/**
 * Reads one performance counter whose path has a wildcard instance, so that {@link
 * PdhRequestCounter}'s parsing and summing can be tested without Windows. Throws {@link
 * Win32Failure} with the PDH status or Win32 code.
 */
interface CounterApi {

  /** One instance's formatted value. */
  record Sample(String instance, long value) {}

  /**
   * Collects {@code englishPath} (e.g. {@code \W3SVC_W3WP(*)\Active Requests}) once and returns
   * each instance's value. A failure, including PDH's "no data", is thrown, never returned as an
   * empty list: the caller must not mistake it for idle workers.
   */
  List<Sample> read(String englishPath);
}
