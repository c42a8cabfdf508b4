package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.ObjectState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No PowerShell parser is in scope; these tests pin what the two WebAdministration samples tell the
 * appcmd backend, so that a changed fixture or a wrong assumption shows up here.
 */
final class PowerShellFixturesTest {

  @Test
  void getRequests_requestHasSeparateVerbAndUrl_likeAppcmdSplitsThem() {
    Map<String, String> request = colonFields(lines("ps-workerprocess-getrequests.txt"));

    assertThat(request)
        .containsExactly(
            Map.entry("requestId", "d8000001800000f5"),
            Map.entry("connectionId", "d8000001600000f3"),
            Map.entry("verb", "GET"),
            Map.entry("url", "/long.aspx"),
            Map.entry("siteId", "1"));
    // appcmd prints the same two fields as one "url:GET /long.aspx"; the split must agree.
    AppcmdText.RequestLine fromAppcmd =
        AppcmdText.requests(
                "REQUEST \""
                    + request.get("requestId")
                    + "\" (url:"
                    + request.get("verb")
                    + " "
                    + request.get("url")
                    + ", time:2637 msec)")
            .get(0);
    assertThat(fromAppcmd.verb()).isEqualTo(request.get("verb"));
    assertThat(fromAppcmd.url()).isEqualTo(request.get("url"));
  }

  @Test
  void getRequests_timeElapsedIsWholeMilliseconds() {
    List<String> lines = lines("ps-workerprocess-getrequests.txt");
    int header = 0;
    while (!lines.get(header).matches("url\\s+timeElapsed")) {
      header++;
    }

    assertThat(lines.get(header + 1)).matches("---\\s+-{11}");
    String[] row = lines.get(header + 2).trim().split("\\s+");
    assertThat(row).containsExactly("/long.aspx", "2637");
    assertThat(Duration.ofMillis(Long.parseLong(row[1])))
        .isEqualTo(AppcmdText.elapsed("2637 msec"));
  }

  @Test
  void workerProcesses_listingShowsPidAndRunningState() {
    List<String> lines = lines("ps-workerprocess-getrequests.txt");

    assertThat(lines.get(1)).startsWith("Process  State");
    assertThat(lines.get(4).trim().split("\\s+")).startsWith("6612", "Running");
    assertThat(lines).anyMatch(l -> l.contains("(get-item 6612).GetRequests(0)"));
  }

  @Test
  void stopWebItem_printsNothingAndTheNextReadSaysStopped() {
    List<String> lines = lines("ps-webitemstate-apppool.txt");

    assertThat(lines)
        .containsExactly(
            "PS IIS:\\> cd AppPools",
            "PS IIS:\\AppPools> Get-WebItemState DemoAppPool",
            "Started",
            "PS IIS:\\AppPools> Stop-WebItem DemoAppPool",
            "PS IIS:\\AppPools> Get-WebItemState DemoAppPool",
            "Stopped");
    assertThat(ObjectState.parse(lines.get(2))).isEqualTo(ObjectState.STARTED);
    assertThat(ObjectState.parse(lines.get(5))).isEqualTo(ObjectState.STOPPED);
    // Stop-WebItem is followed directly by the next prompt: success is silent, as for appcmd's
    // exit code 0, so success must be read from the state, not from the output.
    assertThat(lines.get(lines.indexOf("PS IIS:\\AppPools> Stop-WebItem DemoAppPool") + 1))
        .startsWith("PS ");
  }

  private static List<String> lines(String fixture) {
    return AppcmdFixtures.read(fixture).lines().toList();
  }

  /** PowerShell's list view: {@code name : value} lines, names padded with spaces. */
  private static Map<String, String> colonFields(List<String> lines) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.matches("\\w+\\s+: .*")) {
        String[] kv = line.split("\\s+:\\s+", 2);
        fields.put(kv[0], kv[1].trim());
      }
    }
    return fields;
  }
}
