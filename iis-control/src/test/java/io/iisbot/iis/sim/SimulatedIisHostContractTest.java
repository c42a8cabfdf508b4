package io.iisbot.iis.sim;

import io.iisbot.iis.IisHost;
import io.iisbot.iis.IisHostContract;
import java.time.Duration;
import java.time.Instant;

/** The simulated host holds to the same contract as the Windows backend. */
final class SimulatedIisHostContractTest extends IisHostContract {

  private final VirtualClock clock = VirtualClock.standard();
  private final SimulatedIisHost host =
      new SimulatedIisHost(
          Scenarios.parse(
              """
              host: contract
              pools:
                - {name: DefaultAppPool}
                - {name: iisbot-test, shutdownTimeLimit: 20s}
              sites:
                - {name: Default Web Site, id: 1, pool: DefaultAppPool}
                - name: iisbot-test
                  id: 2
                  pool: iisbot-test
                  bindings: ["http/*:8088:"]
                  load: {perSecond: 2, durations: [300ms]}
              """,
              "contract"),
          clock);

  @Override
  protected IisHost host() {
    return host;
  }

  @Override
  protected String testSite() {
    return "iisbot-test";
  }

  @Override
  protected String testPool() {
    return "iisbot-test";
  }

  @Override
  protected void pass(Duration d) {
    clock.advance(d);
  }

  @Override
  protected void ensureWorker() {
    // The site's steady load keeps a worker busy; a second of traffic starts one if none runs.
    clock.advance(Duration.ofSeconds(1));
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }
}
