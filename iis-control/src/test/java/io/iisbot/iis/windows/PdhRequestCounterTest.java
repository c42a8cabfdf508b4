package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.platform.win32.PdhMsg;
import io.iisbot.iis.IisException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class PdhRequestCounterTest {

  @ParameterizedTest
  @CsvSource({
    "3577_DefaultAppPool, 3577, DefaultAppPool",
    "12_my_pool_name, 12, my_pool_name",
    "4100_Shop.Api, 4100, Shop.Api",
    "4100__leading, 4100, _leading",
    "2147483647_Max, 2147483647, Max",
    "7_Pool [v2], 7, Pool (v2)",
    "7_Site@Home-1, 7, Site@Home-1"
  })
  void parseInstance_pidUnderscorePool_splitsAtTheFirstUnderscore(
      String instance, int pid, String pool) {
    assertThat(PdhRequestCounter.parseInstance(instance))
        .contains(new PdhRequestCounter.Instance(pid, pool));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "_Total",
        "",
        "DefaultAppPool",
        "3577_",
        "abc_DefaultAppPool",
        "-1_Pool",
        "0_Pool",
        "2147483648_Pool",
        "99999999999_Pool",
        "35 77_Pool"
      })
  void parseInstance_notAWorker_isEmpty(String instance) {
    assertThat(PdhRequestCounter.parseInstance(instance)).isEmpty();
  }

  @Test
  void sumByPool_severalWorkersPerPool_summedAndTotalSkipped() {
    Map<String, Integer> byPool =
        PdhRequestCounter.sumByPool(
            List.of(
                new CounterApi.Sample("_Total", 9),
                new CounterApi.Sample("3577_DefaultAppPool", 2),
                new CounterApi.Sample("3601_DefaultAppPool", 3),
                new CounterApi.Sample("4100_my_pool", 4),
                new CounterApi.Sample("4200_Idle", 0)));

    assertThat(byPool)
        .containsOnly(
            Map.entry("DefaultAppPool", 5), Map.entry("my_pool", 4), Map.entry("Idle", 0));
  }

  @Test
  void activeByPool_readsTheWildcardActiveRequestsCounter() {
    List<String> paths = new java.util.ArrayList<>();
    PdhRequestCounter counter =
        new PdhRequestCounter(
            path -> {
              paths.add(path);
              return List.of(new CounterApi.Sample("3577_DefaultAppPool", 1));
            });

    assertThat(counter.activeByPool()).containsOnly(Map.entry("DefaultAppPool", 1));
    assertThat(paths).containsExactly("\\W3SVC_W3WP(*)\\Active Requests");
  }

  @Test
  void activeByPool_noWorkers_isEmpty() {
    assertThat(new PdhRequestCounter(path -> List.of()).activeByPool()).isEmpty();
  }

  @Test
  void activeByPool_counterObjectMissing_saysWhatToCheck() {
    PdhRequestCounter counter =
        new PdhRequestCounter(
            path -> {
              throw new Win32Failure(PdhMsg.PDH_CSTATUS_NO_OBJECT);
            });

    assertThatThrownBy(counter::activeByPool)
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(PdhMsg.PDH_CSTATUS_NO_OBJECT);
              assertThat(e.getMessage()).contains("0xC0000BB8", "W3SVC running", "lodctr /R");
            });
  }

  @Test
  void activeByPool_pdhNoData_failsRatherThanReadingAsIdle() {
    PdhRequestCounter counter =
        new PdhRequestCounter(
            path -> {
              throw new Win32Failure(PdhMsg.PDH_NO_DATA);
            });

    assertThatThrownBy(counter::activeByPool)
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(PdhMsg.PDH_NO_DATA);
              assertThat(e.hint()).contains("not elevated", "no worker process");
            });
  }

  @Test
  void activeByPool_otherFailure_translatedKeepingTheCode() {
    PdhRequestCounter counter =
        new PdhRequestCounter(
            path -> {
              throw new Win32Failure(5);
            });

    assertThatThrownBy(counter::activeByPool)
        .isInstanceOfSatisfying(IisException.class, e -> assertThat(e.isAccessDenied()).isTrue());
  }
}
