package io.iisbot.iis.windows;

import com.sun.jna.platform.win32.PdhMsg;
import io.iisbot.iis.IisException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link RequestCounter} from the {@code W3SVC_W3WP(*)\Active Requests} counter, read through PDH.
 * Instances are named {@code <pid>_<pool>}; the {@code _Total} instance is skipped. Thread-safe.
 */
final class PdhRequestCounter implements RequestCounter {

  static final String ACTIVE_REQUESTS = "\\W3SVC_W3WP(*)\\Active Requests";

  private static final String OPERATION = "read performance counter";
  private static final String TARGET = "W3SVC_W3WP Active Requests";

  /** One worker's instance: its pid and its pool. */
  record Instance(int pid, String pool) {}

  private final CounterApi api;

  /** The real counters of this host. */
  PdhRequestCounter() {
    this(new JnaCounterApi());
  }

  PdhRequestCounter(CounterApi api) {
    this.api = api;
  }

  @Override
  public Map<String, Integer> activeByPool() {
    try {
      return sumByPool(api.read(ACTIVE_REQUESTS));
    } catch (Win32Failure f) {
      throw translate(f.code());
    }
  }

  /** Active requests per pool, summed over the pool's workers; other instances are ignored. */
  static Map<String, Integer> sumByPool(List<CounterApi.Sample> samples) {
    Map<String, Integer> byPool = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (CounterApi.Sample s : samples) {
      int value = (int) Math.max(0, Math.min(s.value(), Integer.MAX_VALUE));
      parseInstance(s.instance()).ifPresent(i -> byPool.merge(i.pool(), value, Integer::sum));
    }
    return Map.copyOf(byPool);
  }

  /**
   * {@code "3577_DefaultAppPool"} → pid 3577, pool {@code DefaultAppPool}. Only the first
   * underscore separates: pool names may contain underscores. Empty for {@code _Total} and for
   * anything that does not start with a pid.
   */
  static Optional<Instance> parseInstance(String instance) {
    int underscore = instance.indexOf('_');
    if (underscore <= 0 || underscore == instance.length() - 1) {
      return Optional.empty();
    }
    String pid = instance.substring(0, underscore);
    if (pid.length() > 10 || !pid.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    long value = Long.parseLong(pid);
    if (value <= 0 || value > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(new Instance((int) value, unmangle(instance.substring(underscore + 1))));
  }

  /**
   * Performance counter instance names cannot hold parentheses, which are path syntax; Windows
   * writes them as square brackets. Pool names this bot accepts ({@link Names#pool}) never contain
   * brackets, so mapping them back is safe, and a no-op if IIS does not replace them (unverified).
   */
  private static String unmangle(String pool) {
    return pool.replace('[', '(').replace(']', ')');
  }

  private static IisException translate(int status) {
    if (status == PdhMsg.PDH_CSTATUS_NO_OBJECT || status == PdhMsg.PDH_CSTATUS_NO_COUNTER) {
      return new IisException(
          OPERATION,
          TARGET,
          status,
          "the W3SVC_W3WP performance counters are not available: is W3SVC running, and are"
              + " IIS's counters registered (lodctr /R rebuilds them)?");
    }
    if (status == PdhMsg.PDH_NO_DATA) {
      return new IisException(
          OPERATION,
          TARGET,
          status,
          "PDH returned no data for the W3SVC_W3WP counters: either the agent is not elevated"
              + " (run it as a local administrator) or no worker process is running; check the"
              + " workers before reading this as zero requests");
    }
    return Win32Errors.translate(OPERATION, TARGET, status);
  }
}
