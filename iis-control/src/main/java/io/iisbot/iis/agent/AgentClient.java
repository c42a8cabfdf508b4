package io.iisbot.iis.agent;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.Sleeper;
import io.iisbot.iis.agent.Wire.OperationSpec;
import io.iisbot.iis.agent.Wire.OperationView;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Plan;
import io.iisbot.iis.engine.Progress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The bot's side of DESIGN §2.4: calls one agent's routes, each request signed afresh for that
 * agent's {@linkplain Builder#name name} ({@link AgentAuth}: a new timestamp from the injected
 * clock and a new nonce, so a retry is re-signed and never a replay). Answers are read up to {@link
 * #MAX_ANSWER_BYTES}, progress events up to {@link #MAX_EVENT_BYTES}.
 *
 * <p>Every call here is idempotent (reads, the read-only plan, and the start of an operation, which
 * the agent keys on its id), so a call that gets no answer (connection refused or closed, no answer
 * to connect) is tried again, {@link Builder#retries} times with a doubling pause. A request the
 * agent took but did not answer within the request timeout is not: a slow agent costs one timeout,
 * not three. An answer, even an error, is not retried: a 4xx would only be refused again. The one
 * exception is a 401 refusing the very request as a replay, which only the transport can cause
 * (HttpClient resends a GET with the same headers when a connection dies); that means the answer
 * was lost. {@link #follow} resumes a dropped progress stream where it broke.
 *
 * <p>Thread-safe: one client per agent, shared by all chat requests.
 *
 * <p>Every call throws an {@link AgentException} when it fails, its message written for the chat
 * user: {@link AgentException.Unreachable}, {@link AgentException.Unauthorized}, {@link
 * AgentException.Conflict}, {@link AgentException.Rejected}, {@link AgentException.NotFound},
 * {@link AgentException.Timeout} or {@link AgentException.HostError}.
 */
public final class AgentClient {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_RETRIES = 2;
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);
  public static final int DEFAULT_FOLLOW_RECONNECTS = 5;

  /**
   * The most of an answer this client reads (a snapshot of a large host is well under 1 MiB);
   * anything longer is cut off there and the call fails, so a broken or hostile agent cannot fill
   * the bot's memory.
   */
  public static final long MAX_ANSWER_BYTES = 8L * 1024 * 1024;

  /** The longest line, and the longest event, of a progress stream this client reads. */
  public static final int MAX_EVENT_BYTES = 1024 * 1024;

  private static final Pattern OPERATION_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  private final URI base;
  private final String name;
  private final String keyId;
  private final SignedHttp http;
  private final ProgressFollower follower;
  private final java.util.concurrent.Executor refresher;

  /** A client with the defaults: 5 s to connect, 30 s per request, 2 retries. */
  public AgentClient(URI base, String keyId, byte[] secret, Clock clock) {
    this(builder(base, keyId, secret).clock(clock));
  }

  private AgentClient(Builder b) {
    this.base = b.base;
    this.name = b.name != null ? b.name : b.base.getHost();
    this.keyId = b.keyId;
    HttpClient client = b.http != null ? b.http : newHttpClient(b);
    String path = b.base.getRawPath() == null ? "" : b.base.getRawPath();
    String url =
        b.base.getScheme()
            + "://"
            + b.base.getRawAuthority()
            + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    AgentErrors errors =
        new AgentErrors(name, url, name.equals(b.base.getHost()), client.connectTimeout());
    this.http =
        new SignedHttp(
            name,
            b.base,
            b.keyId,
            b.secret,
            b.clock,
            client,
            b.requestTimeout,
            b.retries,
            b.backoff,
            b.sleeper,
            errors,
            b.listener);
    this.follower = new ProgressFollower(http, b.followReconnects);
    this.refresher = b.refresher;
  }

  /**
   * Starts configuring a client for the agent at {@code base} ({@code https://web02:9701}).
   *
   * @param keyId the key id the agent knows this bot by
   * @param secret the shared HMAC secret, at least {@link AgentAuth#MIN_SECRET_BYTES} bytes; copied
   */
  public static Builder builder(URI base, String keyId, byte[] secret) {
    return new Builder(base, keyId, secret);
  }

  /** The name messages use for this agent: its host unless {@link Builder#name} said otherwise. */
  public String name() {
    return name;
  }

  public URI base() {
    return base;
  }

  /** {@code GET /v1/health}: liveness, version, the host's name and the agent's clock. */
  public Wire.Health health() {
    return http.call(
        "GET", "/v1/health", "", null, "the health check", Wire.Health.class, "its health");
  }

  /**
   * {@code GET /v1/snapshot}: services, pools, sites, workers and requests in flight. A call made
   * while another thread's is in flight shares that call's answer (or failure) instead of sending
   * its own.
   */
  public HostSnapshot snapshot() {
    java.util.concurrent.CompletableFuture<HostSnapshot> mine =
        new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<HostSnapshot> running =
        snapshotInFlight.compareAndExchange(null, mine);
    if (running != null) {
      return shared(running);
    }
    long asked = System.nanoTime();
    int epoch = snapshotEpoch.get();
    try {
      HostSnapshot s =
          http.call(
              "GET",
              "/v1/snapshot",
              "",
              null,
              "the snapshot request",
              HostSnapshot.class,
              "a snapshot");
      if (snapshotEpoch.get() == epoch) { // no operation started, progressed or ended meanwhile
        recent = new Recent(s, asked);
      }
      snapshotInFlight.compareAndSet(mine, null);
      mine.complete(s);
      return s;
    } catch (RuntimeException | Error e) {
      snapshotInFlight.compareAndSet(mine, null);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * A snapshot at most {@code maxAge} old: the last one this client was given, if it was asked for
   * that recently and no operation has started, progressed or ended on the host since (as this
   * client saw), otherwise a new one ({@link #snapshot()}). Past half that age, the next one is
   * asked for in the background ({@link Builder#refreshAhead}), so that a steady stream of callers
   * never waits for the agent. For answers that many people ask for at once, such as {@code status}
   * in a busy channel; an operation's checks use {@link #snapshot()}.
   */
  public HostSnapshot snapshot(Duration maxAge) {
    Recent r = recent;
    long age = r == null ? Long.MAX_VALUE : System.nanoTime() - r.askedNanos();
    if (age > maxAge.toNanos()) {
      return snapshot();
    }
    if (age > maxAge.toNanos() / 2) {
      refreshAhead();
    }
    return r.snapshot();
  }

  /**
   * Asks for a new snapshot in the background (once at a time), so that while {@code status} is
   * asked often, no one waits for the agent when the last snapshot gets too old.
   */
  private void refreshAhead() {
    if (refresher == null
        || snapshotInFlight.get() != null
        || !refreshing.compareAndSet(false, true)) {
      return;
    }
    try {
      refresher.execute(
          () -> {
            try {
              snapshot();
            } catch (RuntimeException e) {
              // the next status that finds no recent snapshot asks itself, and says what failed
            } finally {
              refreshing.set(false);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      refreshing.set(false);
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean refreshing =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Forgets the last snapshot, so that the next {@link #snapshot(Duration)} asks the agent. */
  private void forgetSnapshot() {
    snapshotEpoch.incrementAndGet();
    recent = null;
  }

  /** A snapshot and when it was asked for ({@link System#nanoTime()}). */
  private record Recent(HostSnapshot snapshot, long askedNanos) {}

  private volatile Recent recent;

  /** Counts {@link #forgetSnapshot()}s, so that an answer asked for before one is not kept. */
  private final java.util.concurrent.atomic.AtomicInteger snapshotEpoch =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * The snapshot call another thread has in flight: its answer, or its failure thrown again here.
   * Many status requests for one host at once (a busy channel, a fan-out) then cost the agent and
   * the bot one call, not one each; the answer is at most that call's duration older than the
   * request that joined it.
   */
  private static HostSnapshot shared(java.util.concurrent.CompletableFuture<HostSnapshot> call) {
    try {
      return call.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** The snapshot call in flight now, which concurrent {@link #snapshot()} calls share. */
  private final java.util.concurrent.atomic.AtomicReference<
          java.util.concurrent.CompletableFuture<HostSnapshot>>
      snapshotInFlight = new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * {@code POST /v1/plans}: what the operation would do, changing nothing.
   *
   * @throws AgentException.Rejected when the agent's allow-list does not permit it (422) or the
   *     request does not fit the host (400)
   */
  public Plan plan(OperationRequest request) {
    Objects.requireNonNull(request, "request");
    Wire.PlanSpec spec = new Wire.PlanSpec(request.action(), request.scope(), request.options());
    return http.call("POST", "/v1/plans", "", spec, "the plan request", Plan.class, "a plan");
  }

  /**
   * {@code POST /v1/operations}: starts the operation, or returns it if this id was started before
   * (which is what makes retrying safe).
   *
   * @throws AgentException.Conflict when another operation runs ({@link
   *     AgentException.Conflict#runningOperationId()}) or the id was used for something else
   */
  public OperationView start(OperationSpec spec) {
    Objects.requireNonNull(spec, "spec");
    forgetSnapshot();
    return http.call(
        "POST",
        "/v1/operations",
        "",
        spec,
        "the start of operation " + spec.id(),
        OperationView.class,
        "the operation");
  }

  /**
   * {@code POST /v1/operations/{id}/abort}: asks the operation to stop at its next safe point and
   * undo what it had changed. Idempotent: aborting a finished or already aborted operation changes
   * nothing and returns it as it is. {@link #follow} brings the aborted result.
   *
   * @param requestedBy who asked, as a platform-qualified id
   * @throws AgentException.NotFound when the agent has no such operation
   */
  public OperationView abort(String id, String requestedBy) {
    requireOperationId(id);
    forgetSnapshot();
    return http.call(
        "POST",
        "/v1/operations/" + id + "/abort",
        "",
        new Wire.AbortSpec(requestedBy),
        "the abort of operation " + id,
        OperationView.class,
        "the operation");
  }

  /** {@code GET /v1/operations/{id}}: its state, and its result once finished. */
  public OperationView operation(String id) {
    requireOperationId(id);
    return http.call(
        "GET",
        "/v1/operations/" + id,
        "",
        null,
        "the request for operation " + id,
        OperationView.class,
        "the operation");
  }

  /**
   * Follows an operation's progress to its end: hands every progress event to {@code onProgress},
   * in order and exactly once, on the calling thread, then returns the result. A stream that drops
   * or stays silent longer than the request timeout (the agent sends a heartbeat every 15 s) is
   * reopened with {@code Last-Event-ID} set to the last event delivered; after {@link
   * Builder#followReconnects} reconnects in a row that bring nothing new, it gives up with {@link
   * AgentException.Unreachable} or {@link AgentException.Timeout}, while the operation goes on on
   * the agent. Works for running and finished operations alike.
   *
   * @throws AgentException.NotFound when the agent has no such operation
   */
  public OperationResult follow(String id, Consumer<Progress> onProgress) {
    requireOperationId(id);
    Objects.requireNonNull(onProgress, "onProgress");
    try {
      return follower.follow(
          id,
          p -> {
            forgetSnapshot(); // the host is changing: a status must not show it as it was
            onProgress.accept(p);
          });
    } finally {
      forgetSnapshot();
    }
  }

  /**
   * {@code GET /v1/events}: the host's IIS-related events in {@code [since, until)} at {@code
   * minLevel} or more severe, with their summary.
   *
   * @param since null: an hour ago
   * @param until null: now
   * @param minLevel null: every level
   */
  public Wire.EventsView events(Instant since, Instant until, EventLevel minLevel) {
    List<String> query = new ArrayList<>();
    if (since != null) {
      query.add("since=" + since);
    }
    if (until != null) {
      query.add("until=" + until);
    }
    if (minLevel != null) {
      query.add("level=" + minLevel.name().toLowerCase(Locale.ROOT));
    }
    return http.call(
        "GET",
        "/v1/events",
        String.join("&", query),
        null,
        "the events request",
        Wire.EventsView.class,
        "the events");
  }

  @Override
  public String toString() {
    return "AgentClient[" + name + " at " + base + ", key " + keyId + "]";
  }

  private static void requireOperationId(String id) {
    if (id == null || !OPERATION_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "an operation id is 8-64 characters of A-Z a-z 0-9 . _ -, was "
              + (id == null ? "nothing" : "\"" + AgentErrors.quote(id) + "\""));
    }
  }

  private static HttpClient newHttpClient(Builder b) {
    return httpClient(b.connectTimeout, b.sslContext, null);
  }

  /**
   * An HTTP client as agents are spoken to, for {@link Builder#httpClient} to share among many
   * agents: one connection pool and one selector thread for a whole fleet instead of one each.
   *
   * @param sslContext trusts the agents' certificates; null for the JDK's default trust
   * @param executor runs the client's response handling; null for the JDK's default (a thread per
   *     concurrent exchange, unbounded)
   */
  public static HttpClient httpClient(
      Duration connectTimeout, SSLContext sslContext, java.util.concurrent.Executor executor) {
    HttpClient.Builder h =
        HttpClient.newBuilder()
            // The agent speaks HTTP/1.1; asking for h2c would only add an upgrade round.
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout);
    if (sslContext != null) {
      h.sslContext(sslContext);
    }
    if (executor != null) {
      h.executor(executor);
    }
    return h.build();
  }

  /** Configures an {@link AgentClient}. Not thread-safe; build once. */
  public static final class Builder {
    private final URI base;
    private final String keyId;
    private final byte[] secret;
    private String name;
    private Clock clock = Clock.systemUTC();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int retries = DEFAULT_RETRIES;
    private Duration backoff = DEFAULT_BACKOFF;
    private int followReconnects = DEFAULT_FOLLOW_RECONNECTS;
    private SSLContext sslContext;
    private HttpClient http;
    private Sleeper sleeper = Sleeper.system();
    private AgentCallListener listener = AgentCallListener.NONE;
    private java.util.concurrent.Executor refresher;

    private Builder(URI base, String keyId, byte[] secret) {
      Objects.requireNonNull(base, "base");
      if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme()))
          || base.getHost() == null
          || base.getRawUserInfo() != null
          || base.getRawQuery() != null
          || base.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "an agent's address is http(s)://host:port, was \""
                + AgentErrors.quote(base.toString())
                + "\"");
      }
      if (!AgentAuth.isKeyId(keyId)) {
        throw new IllegalArgumentException(
            "a key id is 1-64 characters of A-Z a-z 0-9 . _ -, was \""
                + AgentErrors.quote(String.valueOf(keyId))
                + "\"");
      }
      Objects.requireNonNull(secret, "secret");
      if (secret.length < AgentAuth.MIN_SECRET_BYTES) {
        throw new IllegalArgumentException(
            "the secret for "
                + base.getHost()
                + " must be at least "
                + AgentAuth.MIN_SECRET_BYTES
                + " bytes, was "
                + secret.length);
      }
      this.base = base;
      this.keyId = keyId;
      this.secret = secret.clone();
    }

    /**
     * The agent's name: its host's name, which requests are signed for (the agent refuses a request
     * signed for another name) and which messages use ("web02's agent"); the URL's host by default.
     */
    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("an agent's name must not be blank");
      }
      this.name = AgentErrors.quote(name);
      return this;
    }

    /** The clock that timestamps signatures; the agent refuses more than 5 minutes of skew. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long to wait for a connection; 5 s by default. Ignored with {@link #httpClient}. */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /**
     * How long to wait for an answer, and the longest a progress stream may stay silent; 30 s by
     * default (the agent's heartbeat comes every 15 s).
     */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "requestTimeout");
      return this;
    }

    /** Tries after the first when there is no answer; 2 by default, 0 to 10. */
    public Builder retries(int n) {
      if (n < 0 || n > 10) {
        throw new IllegalArgumentException("retries must be between 0 and 10, was " + n);
      }
      this.retries = n;
      return this;
    }

    /** The first pause before a retry; it doubles each time. 250 ms by default. */
    public Builder backoff(Duration d) {
      Objects.requireNonNull(d, "backoff");
      if (d.isNegative()) {
        throw new IllegalArgumentException("backoff must not be negative, was " + d);
      }
      this.backoff = d;
      return this;
    }

    /** Reconnects in a row without a new event before {@link #follow} gives up; 5 by default. */
    public Builder followReconnects(int n) {
      if (n < 0 || n > 100) {
        throw new IllegalArgumentException("followReconnects must be between 0 and 100, was " + n);
      }
      this.followReconnects = n;
      return this;
    }

    /**
     * The TLS context, e.g. one that trusts an agent's self-signed certificate the operator
     * installed. Ignored with {@link #httpClient}.
     */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "sslContext");
      return this;
    }

    /** A ready HTTP client (which then owns connect timeout and TLS). */
    public Builder httpClient(HttpClient client) {
      this.http = Objects.requireNonNull(client, "httpClient");
      return this;
    }

    /** How the client waits between retries; sleeps the thread by default. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Told of every call and how it ended, e.g. for metrics; none by default. */
    public Builder listener(AgentCallListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Where {@link AgentClient#snapshot(Duration)} asks for the next snapshot ahead of time, once
     * the last one is over half its allowed age (the threads wait on the agent); none by default,
     * when a snapshot is asked for only once the last one is too old.
     */
    public Builder refreshAhead(java.util.concurrent.Executor executor) {
      this.refresher = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public AgentClient build() {
      return new AgentClient(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
