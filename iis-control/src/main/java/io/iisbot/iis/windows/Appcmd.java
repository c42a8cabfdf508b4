package io.iisbot.iis.windows;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.Site;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IIS's configuration and run-time state as {@code appcmd.exe} reports and changes it. Names are
 * validated ({@link Names}) before they reach the command line. Failures are {@link
 * io.iisbot.iis.IisException}s with appcmd's exit code and its {@code ERROR ( message:... )} text.
 */
interface Appcmd {

  /** Every app pool, with autoStart, shutdownTimeLimit and disallowOverlappingRotation; no pids. */
  List<AppPool> pools();

  /** Every site, with its bindings, serverAutoStart and its applications' pools (root first). */
  List<Site> sites();

  /** The worker processes WAS knows: pid → app pool. */
  Map<Integer, String> workers();

  /**
   * Every request in flight with its site, pool and worker pid; empty when the Request Monitor
   * feature is not installed (the caller then falls back to the performance counter).
   */
  Optional<List<ActiveRequest>> requests();

  void startSite(String name);

  void stopSite(String name);

  void startPool(String name);

  void stopPool(String name);

  void recyclePool(String name);

  void setPoolAutoStart(String name, boolean autoStart);

  void setSiteAutoStart(String name, boolean serverAutoStart);
}
