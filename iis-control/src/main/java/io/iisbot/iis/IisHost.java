package io.iisbot.iis;

import java.time.Instant;
import java.util.List;

/**
 * The port through which everything reads and changes one IIS host. Implementations: the Windows
 * backend (SCM, appcmd, Event Log) and the simulated host.
 *
 * <p>Every method does one thing and returns at once: state changes are requested, not awaited.
 * Waiting (deadlines, polling, retries) is the engine's job, so the same waits apply to every
 * backend. Failures are {@link IisException}s carrying the Win32/HRESULT code; {@link
 * IisException#isTransient()} ones may be retried. Implementations are thread-safe.
 */
public interface IisHost {

  /** The host's name as operators know it. */
  String name();

  /** The IIS services (HTTP, WAS, W3SVC and WAS's other dependents). */
  List<ServiceInfo> services();

  List<AppPool> pools();

  List<Site> sites();

  /** Every {@code w3wp.exe} on the host, including ones no pool claims any more. */
  List<WorkerProcess> workers();

  RequestReading requests();

  /** IIS-related events written in {@code [since, until)}, oldest first. */
  List<EventRecord> events(Instant since, Instant until);

  /**
   * Sends START to one service; the SCM starts the services it depends on first. {@code 1056}
   * (already running) is reported as an exception for the caller to treat as success.
   */
  void startService(String name);

  /**
   * Sends STOP to one service. Fails with {@code 1051} while dependents run (stop them first), and
   * with {@code 1052} if the service is already stopping. Never kills the service's process.
   */
  void stopService(String name);

  void startPool(String name);

  /**
   * Stops a pool: WAS asks its workers to finish, and kills them after {@code shutdownTimeLimit}.
   */
  void stopPool(String name);

  /** Recycles a pool (overlapped unless {@code disallowOverlappingRotation}). */
  void recyclePool(String name);

  void startSite(String name);

  /** Stops a site: its bindings stop listening; its workers and their requests go on. */
  void stopSite(String name);

  void setPoolAutoStart(String name, boolean autoStart);

  void setSiteAutoStart(String name, boolean serverAutoStart);

  /**
   * Terminates one worker process. Refuses any pid that is not a {@code w3wp.exe} at the moment of
   * the kill, so a service's svchost is never killed.
   */
  void killWorker(int pid);

  /** What the engine's read methods return together, at one instant. */
  default HostSnapshot snapshot(Instant at) {
    return new HostSnapshot(name(), at, services(), pools(), sites(), workers(), requests());
  }
}
