package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.testing.Recording;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Microsoft's side of Teams for tests, on one local port: the Bot Framework's OpenID metadata and
 * keys ({@link TeamsKeys}), Microsoft Entra's token endpoint, and a Bot Connector that records
 * every activity sent and updated, opens personal chats, and can answer "too many requests" (429
 * with {@code Retry-After}) or 502 a given number of times before it succeeds. Close it to stop.
 * Thread-safe.
 */
public final class TeamsStub implements AutoCloseable {

  public static final String APP_ID = "c9e8c047-2a74-40a2-b28a-b162d5f5327c";
  public static final String APP_PASSWORD = "teams-test-app-password~0123456789";
  public static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  public static final String TEAM_ID = "19:3a1b2c3d4e5f60718293a4b5c6d7e8f9@thread.tacv2";
  public static final String CHANNEL_ID = "19:0a1b2c3d4e5f60718293a4b5c6d7e8f9@thread.tacv2";
  public static final String ACCESS_TOKEN = "stub-entra-access-token";

  /** One call the bot made to the connector. */
  public record Call(
      String method,
      String conversation,
      String activityId,
      JsonNode body,
      String authorization,
      int status) {}

  private final ObjectMapper json = new ObjectMapper();
  private final TeamsKeys keys;
  private final Javalin server;
  private final Recording<Call> calls = new Recording<>();
  private final AtomicInteger metadataFetches = new AtomicInteger();
  private final AtomicInteger keyFetches = new AtomicInteger();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger(1_700_000_000);
  private final AtomicInteger busy = new AtomicInteger();
  private volatile int busyStatus = 429;
  private volatile String lastTokenForm = "";

  public TeamsStub() {
    this(Clock.systemUTC());
  }

  public TeamsStub(Clock clock) {
    this.keys = new TeamsKeys(clock);
    this.server =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.startup.showOldJavalinVersionWarning = false;
                  cfg.jetty.host = "127.0.0.1";
                  cfg.jetty.port = 0;
                  cfg.routes.get("/openid", this::metadata);
                  cfg.routes.get("/keys", this::keySet);
                  cfg.routes.post("/" + TENANT_ID + "/oauth2/v2.0/token", this::token);
                  cfg.routes.post("/connector/v3/conversations", this::open);
                  cfg.routes.post("/connector/v3/conversations/{conv}/activities", this::send);
                  cfg.routes.put(
                      "/connector/v3/conversations/{conv}/activities/{id}", this::update);
                })
            .start();
  }

  public TeamsKeys keys() {
    return keys;
  }

  private String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** For {@code teams.openIdMetadataUrl}. */
  public String openIdUrl() {
    return base() + "/openid";
  }

  /** For {@code teams.tokenUrl}: with {@code {tenantId}} left for the bot to fill in. */
  public String tokenUrl() {
    return base() + "/{tenantId}/oauth2/v2.0/token";
  }

  /** The connector's base: what activities carry as {@code serviceUrl}. */
  public String serviceUrl() {
    return base() + "/connector/";
  }

  /** How many times the metadata document was read. */
  public int metadataFetches() {
    return metadataFetches.get();
  }

  /** How many times the key set was read (counted once its content is fixed). */
  public int keyFetches() {
    return keyFetches.get();
  }

  public int tokenRequests() {
    return tokenRequests.get();
  }

  /** The last token request's form, to check what the bot asked for. */
  public String lastTokenForm() {
    return lastTokenForm;
  }

  /**
   * The next {@code times} connector calls are answered {@code status} (429 with Retry-After: 1).
   */
  public void busy(int times, int status) {
    busyStatus = status;
    busy.set(times);
  }

  /** Forgets the recorded calls (long runs, such as fuzzing, would keep them all). */
  public void forgetCalls() {
    calls.clear();
  }

  public List<Call> calls(Predicate<Call> match) {
    return calls.matching(match);
  }

  public Call await(Predicate<Call> match, Duration timeout, String what) {
    return calls.await(match, timeout, what);
  }

  private void metadata(Context ctx) {
    metadataFetches.incrementAndGet();
    ctx.json(
        Map.of(
            "issuer",
            TeamsKeys.ISSUER,
            "authorization_endpoint",
            "https://invalid.botframework.com/v1/auth",
            "jwks_uri",
            base() + "/keys",
            "id_token_signing_alg_values_supported",
            List.of("RS256"),
            "token_endpoint_auth_methods_supported",
            List.of("private_key_jwt")));
  }

  private void keySet(Context ctx) {
    Map<String, Object> set = keys.jwks();
    keyFetches.incrementAndGet();
    ctx.json(set);
  }

  private void token(Context ctx) {
    tokenRequests.incrementAndGet();
    lastTokenForm = ctx.body();
    Map<String, List<String>> form = ctx.formParamMap();
    boolean ok =
        List.of("client_credentials").equals(form.get("grant_type"))
            && List.of(APP_ID).equals(form.get("client_id"))
            && List.of(APP_PASSWORD).equals(form.get("client_secret"))
            && List.of("https://api.botframework.com/.default").equals(form.get("scope"));
    if (!ok) {
      ctx.status(401).json(Map.of("error", "invalid_client"));
      return;
    }
    ctx.json(Map.of("token_type", "Bearer", "expires_in", 3599, "access_token", ACCESS_TOKEN));
  }

  /** Whether the call is answered "not now"; recorded either way. */
  private boolean refused(Context ctx, String conv, String id, JsonNode body) {
    String auth = ctx.header("Authorization");
    if (!("Bearer " + ACCESS_TOKEN).equals(auth)) {
      calls.add(new Call(ctx.method().name(), conv, id, body, auth, 401));
      ctx.status(401).json(Map.of("error", Map.of("code", "Unauthorized")));
      return true;
    }
    if (busy.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      int s = busyStatus;
      calls.add(new Call(ctx.method().name(), conv, id, body, auth, s));
      if (s == 429) {
        ctx.header("Retry-After", "1");
      }
      ctx.status(s).json(Map.of("error", Map.of("code", "Throttled")));
      return true;
    }
    return false;
  }

  private JsonNode body(Context ctx) throws java.io.IOException {
    return json.readTree(ctx.bodyAsBytes());
  }

  private static String param(Context ctx, String name) {
    // Decoded once here, whatever the server did: ids hold ':', ';', '@' and '='.
    String raw = ctx.pathParam(name);
    try {
      return raw.contains("%") ? URLDecoder.decode(raw, StandardCharsets.UTF_8) : raw;
    } catch (IllegalArgumentException e) {
      // A '%' that was part of the id itself: the server had decoded it already.
      return raw;
    }
  }

  private void open(Context ctx) throws java.io.IOException {
    JsonNode body = body(ctx);
    if (refused(ctx, "", "", body)) {
      return;
    }
    String user = body.path("members").path(0).path("id").asText();
    String conv = "a:personal-" + Integer.toHexString(user.hashCode());
    calls.add(new Call("POST", conv, "", body, ctx.header("Authorization"), 201));
    ctx.status(201).json(Map.of("id", conv));
  }

  private void send(Context ctx) throws java.io.IOException {
    JsonNode body = body(ctx);
    String conv = param(ctx, "conv");
    if (refused(ctx, conv, "", body)) {
      return;
    }
    String id = Integer.toString(ids.incrementAndGet());
    calls.add(new Call("POST", conv, id, body, ctx.header("Authorization"), 201));
    ctx.status(201).json(Map.of("id", id));
  }

  private void update(Context ctx) throws java.io.IOException {
    JsonNode body = body(ctx);
    String conv = param(ctx, "conv");
    String id = param(ctx, "id");
    if (refused(ctx, conv, id, body)) {
      return;
    }
    calls.add(new Call("PUT", conv, id, body, ctx.header("Authorization"), 200));
    ctx.status(200).json(Map.of("id", id));
  }

  @Override
  public void close() {
    server.stop();
  }
}
