package io.iisbot.iis.agent.server;

import io.iisbot.iis.Sleeper;
import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.sim.Scenario;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A real agent on 127.0.0.1 serving a simulated host in virtual time. Each wait of the engine also
 * lets a millisecond of real time pass, so an operation streams progress for a moment instead of
 * finishing before anyone can follow it. Public so that the client's tests in {@code
 * io.iisbot.iis.agent} can run against a real agent.
 */
public final class AgentFixture implements AutoCloseable {

  public static final String KEY = "bot-test";
  public static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8);

  public final VirtualClock clock;
  public final SimulatedIisHost host;
  public final Agent agent;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public AgentFixture(String scenario, AllowList allow) {
    this(Scenarios.named(scenario), allow, Duration.ofMillis(1));
  }

  public AgentFixture(Scenario scenario, AllowList allow, Duration realPerWait) {
    this(scenario, allow, realPerWait, VirtualClock.standard());
  }

  /** An agent on {@code clock}: a second agent on the same clock is a restart of the first. */
  public AgentFixture(
      Scenario scenario, AllowList allow, Duration realPerWait, VirtualClock clock) {
    this.clock = clock;
    host = new SimulatedIisHost(scenario, clock).serveHttp();
    Sleeper throttled =
        d -> {
          clock.advance(d);
          Thread.sleep(realPerWait.toMillis());
        };
    agent =
        Agent.start(
            new Agent.Settings(
                host,
                "simulated",
                clock,
                throttled,
                Map.of(KEY, SECRET),
                allow,
                "127.0.0.1",
                0,
                null,
                Duration.ofHours(1),
                EngineSettings.defaults()));
  }

  public static AgentFixture busy() {
    return new AgentFixture("busy", AllowList.everything());
  }

  /** A client builder for this fixture's agent (or another address), on its clock. */
  public io.iisbot.iis.agent.AgentClient.Builder clientTo(URI base, Sleeper pauses) {
    return io.iisbot.iis.agent.AgentClient.builder(base, KEY, SECRET)
        .clock(clock)
        .name("web02")
        .sleeper(pauses);
  }

  URI uri(String pathAndQuery) {
    return URI.create(agent.uri() + pathAndQuery);
  }

  /** A request signed now with the test key. */
  HttpResponse<String> send(String method, String pathAndQuery, String body) {
    return send(
        method,
        pathAndQuery,
        body,
        signature(method, pathAndQuery, body, clock.millis() / 1000, AgentAuth.newNonce()));
  }

  HttpResponse<String> send(String method, String pathAndQuery, String body, String authorization) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A signature for this fixture's agent (named after its host). */
  String signature(String method, String pathAndQuery, String body, long ts, String nonce) {
    return signature(agent.name(), method, pathAndQuery, body, ts, nonce);
  }

  static String signature(
      String agentName, String method, String pathAndQuery, String body, long ts, String nonce) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    return AgentAuth.header(
        KEY,
        SECRET,
        agentName,
        method,
        path,
        query,
        ts,
        nonce,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    agent.close();
  }
}
