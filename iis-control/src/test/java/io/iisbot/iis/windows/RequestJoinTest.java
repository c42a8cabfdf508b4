package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.windows.AppcmdText.RequestLine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RequestJoinTest {

  private static RequestLine line(String id, long ms) {
    return new RequestLine(id, "GET", "/" + id, Duration.ofMillis(ms));
  }

  @Test
  void join_siteListingSawItLater_longerElapsedWins() {
    List<ActiveRequest> joined =
        RequestJoin.join(
            Map.of("Shop", List.of(line("r1", 900))),
            Map.of(7, "ShopPool"),
            Map.of(7, List.of(line("r1", 850))));

    assertThat(joined)
        .containsExactly(
            new ActiveRequest("r1", "ShopPool", "Shop", "/r1", "GET", Duration.ofMillis(900), 7));
  }

  @Test
  void join_workerMissingFromWpListing_poolIsEmpty() {
    List<ActiveRequest> joined =
        RequestJoin.join(Map.of(), Map.of(), Map.of(8, List.of(line("r2", 10))));

    assertThat(joined)
        .containsExactly(new ActiveRequest("r2", "", "", "/r2", "GET", Duration.ofMillis(10), 8));
  }

  @Test
  void join_nothingListed_isEmpty() {
    assertThat(RequestJoin.join(Map.of(), Map.of(1, "A"), Map.of(1, List.of()))).isEmpty();
  }
}
