package io.iisbot.iis.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationEngine;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Plan;
import io.iisbot.iis.engine.Progress;
import io.iisbot.iis.engine.Scope;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AgentJsonTest {

  private final ObjectMapper json = AgentJson.lenient();
  private final VirtualClock clock = VirtualClock.standard();
  private final SimulatedIisHost host = SimulatedIisHost.of("busy", clock);
  private final OperationEngine engine = new OperationEngine(host, clock, clock);

  @Test
  void snapshot_roundTrips() throws Exception {
    HostSnapshot s = engine.snapshot();

    String text = json.writeValueAsString(s);

    assertThat(json.readValue(text, HostSnapshot.class)).isEqualTo(s);
    assertThat(text)
        .contains("\"state\":\"running\"")
        .contains("\"takenAt\":\"2026-01-05T09:00:00Z\"");
  }

  @Test
  void resultAndProgress_roundTrip() throws Exception {
    List<Progress> progress = new ArrayList<>();
    OperationResult r =
        engine.run(
            new OperationRequest(
                Action.STOP, new Scope.Pool("Api"), Options.defaults().withForce(true)),
            progress::add,
            new io.iisbot.iis.engine.CancellationToken());

    assertThat(json.readValue(json.writeValueAsString(r), OperationResult.class)).isEqualTo(r);
    for (Progress p : progress) {
      String text = json.writeValueAsString(p);
      assertThat(json.readValue(text, Progress.class)).as(text).isEqualTo(p);
    }
    assertThat(json.writeValueAsString(progress.get(0))).startsWith("{\"type\":\"step_started\"");
    assertThat(json.writeValueAsString(r))
        .contains("\"scope\":\"pool:Api\"")
        .contains("\"action\":\"stop\"");
  }

  @Test
  void plan_roundTrips() throws Exception {
    Plan p = engine.plan(OperationRequest.of(Action.STOP, Scope.host()));

    assertThat(json.readValue(json.writeValueAsString(p), Plan.class)).isEqualTo(p);
  }

  @Test
  void finding03_planIdentity_survivesTheJsonTheBotReads_withoutTravellingInIt() throws Exception {
    Plan p =
        engine.plan(
            new OperationRequest(
                Action.STOP, Scope.host(), Options.defaults().withDrain(Duration.ofSeconds(30))));

    String text = json.writeValueAsString(p);
    Plan read = json.readValue(text, Plan.class);

    assertThat(read.identity()).isEqualTo(p.identity()).matches("[0-9a-f]{64}");
    assertThat(text).doesNotContain("identity").doesNotContain(p.identity());
  }

  @Test
  void operationSpec_planIdentity_isOptional_andChecked() throws Exception {
    String identity = "a".repeat(64);
    Wire.OperationSpec with =
        AgentJson.strict()
            .readValue(
                "{\"id\":\"op-12345678\",\"action\":\"stop\",\"scope\":\"host\","
                    + "\"planIdentity\":\""
                    + identity
                    + "\"}",
                Wire.OperationSpec.class);
    Wire.OperationSpec without =
        new Wire.OperationSpec("op-12345678", Action.STOP, Scope.host(), null, "slack:U1");

    assertThat(with.planIdentity()).isEqualTo(identity);
    assertThat(without.planIdentity()).isNull();
    assertThat(json.writeValueAsString(without)).doesNotContain("planIdentity");
    assertThatThrownBy(
            () ->
                new Wire.OperationSpec("op-12345678", Action.STOP, Scope.host(), null, "x", "ABC"))
        .hasMessage(
            "planIdentity must be 64 lowercase hex digits (the identity of a plan from"
                + " /v1/plans)");
  }

  @Test
  void options_partial_keepTheOtherDefaults_inBothMappers() throws Exception {
    for (var mapper : List.of(AgentJson.strict(), AgentJson.lenient())) {
      assertThat(mapper.readValue("{\"drain\":\"30s\"}", Options.class))
          .isEqualTo(Options.defaults().withDrain(Duration.ofSeconds(30)));
      assertThat(mapper.readValue("{}", Options.class)).isEqualTo(Options.defaults());
      assertThat(mapper.readValue(json.writeValueAsString(Options.defaults()), Options.class))
          .isEqualTo(Options.defaults());
    }
    assertThat(AgentJson.lenient().readValue("{\"later\":1,\"all\":true}", Options.class))
        .isEqualTo(Options.defaults().withAll(true));
  }

  @Test
  void operationSpec_acceptsShortDurations_andRejectsUnknownFields() throws Exception {
    Wire.OperationSpec spec =
        AgentJson.strict()
            .readValue(
                "{\"id\":\"op-12345678\",\"action\":\"STOP\",\"scope\":\"site:Default Web Site\","
                    + "\"options\":{\"drain\":\"30s\",\"force\":true,\"persist\":false,\"all\":false},"
                    + "\"requestedBy\":\"slack:U1\"}",
                Wire.OperationSpec.class);

    assertThat(spec.scope()).isEqualTo(new Scope.Site("Default Web Site"));
    assertThat(spec.options().drain()).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(
            () ->
                AgentJson.strict()
                    .readValue(
                        "{\"id\":\"op-12345678\",\"action\":\"stop\",\"scope\":\"host\",\"forse\":true}",
                        Wire.OperationSpec.class))
        .hasMessageContaining("forse");
  }

  @Test
  void instantsAndDurations_areIsoText() throws Exception {
    assertThat(json.writeValueAsString(Instant.parse("2026-01-05T09:00:00Z")))
        .isEqualTo("\"2026-01-05T09:00:00Z\"");
    assertThat(json.writeValueAsString(Duration.ofSeconds(90))).isEqualTo("\"PT1M30S\"");
  }
}
