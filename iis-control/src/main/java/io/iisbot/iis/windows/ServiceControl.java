package io.iisbot.iis.windows;

import io.iisbot.iis.ServiceInfo;
import java.util.List;

/**
 * The Service Control Manager, one call per method. Failures are {@link
 * io.iisbot.iis.IisException}s carrying the Win32 code.
 */
interface ServiceControl {

  /**
   * The named services as the SCM reports them now; services that are not installed are left out.
   */
  List<ServiceInfo> query(List<String> names);

  /** Every service that depends on {@code name}, directly or through others, leaves first. */
  List<String> dependentsOf(String name);

  /** Sends START; 1056 when already running. */
  void start(String name);

  /** Sends one STOP control; refuses (1052) without sending when the service is already pending. */
  void stop(String name);
}
