package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.Sleeper;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationEngine;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Outcome;
import io.iisbot.iis.engine.Scope;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The engine's graceful operations against a real IIS, as an operator would run them. */
@EnabledOnOs(OS.WINDOWS)
@Tag("windows-iis")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class WindowsEngineTest {

  private static final WindowsIisHost HOST = WindowsIisHost.local("localhost");
  private static final OperationEngine ENGINE =
      new OperationEngine(HOST, Clock.systemUTC(), Sleeper.system());
  private static final String SITE =
      WindowsIisHostContractTest.property("iisbot.windows.site", "iisbot-test");
  private static final String POOL =
      WindowsIisHostContractTest.property("iisbot.windows.pool", "iisbot-test");
  private static final String URL =
      WindowsIisHostContractTest.property("iisbot.windows.url", "http://localhost:8088/");
  private static final Options QUICK = Options.defaults().withDrain(Duration.ofSeconds(15));

  private static OperationResult run(Action action, Scope scope) {
    OperationResult r = ENGINE.run(new OperationRequest(action, scope, QUICK));
    assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.verification().passed()).as(r.verification().toString()).isTrue();
    return r;
  }

  @Test
  @Order(1)
  void suspendAndResumeSite_keepTheWorker() throws Exception {
    WindowsIisHostContractTest.get(URL);
    run(Action.SUSPEND, new Scope.Site(SITE));
    run(Action.RESUME, new Scope.Site(SITE));
    WindowsIisHostContractTest.get(URL);
  }

  @Test
  @Order(2)
  void recyclePool_replacesTheWorker_and5079IsSummarized() throws Exception {
    WindowsIisHostContractTest.get(URL);
    OperationResult r = run(Action.RECYCLE, new Scope.Pool(POOL));
    assertThat(r.events().contains(5079)).as(r.events().toString()).isTrue();
    WindowsIisHostContractTest.get(URL);
  }

  @Test
  @Order(3)
  void stopAndStartPool_gracefully() throws Exception {
    WindowsIisHostContractTest.get(URL);
    run(Action.STOP, new Scope.Pool(POOL));
    run(Action.START, new Scope.Pool(POOL));
    WindowsIisHostContractTest.get(URL);
  }

  @Test
  @Order(4)
  void stopAndStartHost_gracefully_withTheEventSummary() throws Exception {
    WindowsIisHostContractTest.get(URL);
    OperationResult stop = run(Action.STOP, Scope.host());
    assertThat(stop.events().contains(7036)).as(stop.events().toString()).isTrue();
    run(Action.START, Scope.host());
    WindowsIisHostContractTest.get(URL);
  }
}
