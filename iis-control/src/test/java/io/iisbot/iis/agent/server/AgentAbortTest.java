package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.ObjectState;
import io.iisbot.iis.agent.AgentClient;
import io.iisbot.iis.agent.AgentJson;
import io.iisbot.iis.agent.Wire;
import io.iisbot.iis.engine.Finding;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Outcome;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class AgentAbortTest {

  private final AgentFixture f = AgentFixture.busy();
  private final AgentClient client = f.clientTo(f.agent.uri(), d -> {}).build();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void abort_ofARunningStop_is202_thenIdempotent200_andTheSitesRunAgain() throws Exception {
    f.send("POST", "/v1/operations", AgentServerTest.op("op-abort-001", "stop", "host"));

    HttpResponse<String> first = abort("op-abort-001", "slack:U024BE7LH");
    HttpResponse<String> again = abort("op-abort-001", "slack:U0OTHER");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    Wire.OperationView v = AgentJson.lenient().readValue(again.body(), Wire.OperationView.class);
    assertThat(v.abortedBy()).isEqualTo("slack:U024BE7LH");
    OperationResult r = client.follow("op-abort-001", p -> {});
    assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(r.findings()).extracting(Finding::text).anyMatch(t -> t.startsWith("undone: "));
    assertThat(f.host.sites()).allMatch(s -> s.state() == ObjectState.STARTED);
    assertThat(abort("op-abort-001", "slack:U024BE7LH").statusCode())
        .as("aborting a finished operation changes nothing")
        .isEqualTo(200);
  }

  @Test
  void abort_throughTheClient_namesWhoAsked() {
    client.start(
        new Wire.OperationSpec(
            "op-abort-002",
            io.iisbot.iis.engine.Action.SUSPEND,
            io.iisbot.iis.engine.Scope.host(),
            null,
            "console:demo"));

    Wire.OperationView v = client.abort("op-abort-002", "console:demo");
    client.abort("op-abort-002", "console:demo");

    assertThat(v.abortedBy()).isEqualTo("console:demo");
    assertThat(client.follow("op-abort-002", p -> {}).outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(f.host.sites()).allMatch(s -> s.state() == ObjectState.STARTED);
  }

  @Test
  void abort_unsigned_is401_andAbortsNothing() throws Exception {
    f.send("POST", "/v1/operations", AgentServerTest.op("op-abort-003", "stop", "host"));

    HttpResponse<String> r =
        f.send("POST", "/v1/operations/op-abort-003/abort", "{\"requestedBy\":\"x\"}", null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(client.operation("op-abort-003").abortedBy()).isNull();
  }

  @Test
  void abort_unknownOperation_is404() {
    HttpResponse<String> r = abort("op-nothing-1", "slack:U1");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("no operation op-nothing-1");
  }

  private HttpResponse<String> abort(String id, String by) {
    return f.send("POST", "/v1/operations/" + id + "/abort", "{\"requestedBy\":\"" + by + "\"}");
  }
}
