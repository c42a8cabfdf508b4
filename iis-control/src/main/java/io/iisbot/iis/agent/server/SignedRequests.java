package io.iisbot.iis.agent.server;

import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.agent.AgentAuth.AuthException;
import io.iisbot.iis.agent.AgentAuth.Credentials;
import io.iisbot.iis.http.ServerLimits;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a request gets into the agent: its signature header is checked first, its body is read only
 * then (bounded), and the signature over it last ({@link RequestVerifier}). Every refusal gets the
 * same answer, its precise reason one line in the log; a client that goes away mid-body is one line
 * too. Thread-safe.
 */
final class SignedRequests {

  // The agent's logger: what its operators filter on, and where refusals always went.
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private static final String BODY = "iisbot.body";

  /**
   * The one answer to every request whose signature is refused, whatever the reason (the reason
   * goes to the agent's log): nobody without the key learns which check failed, or the clock.
   */
  static final String UNAUTHORIZED =
      "the request's signature did not check out: check the key id and its secret, that the"
          + " request was signed for this agent's name, and that both clocks agree within 5"
          + " minutes";

  /** The answer to a correctly signed request the agent may have seen before. */
  static final String REPLAYED =
      "this agent may have seen this request before (its nonce was used, or it was signed before"
          + " the agent last started): sign it again with a new nonce and the current time";

  private final RequestVerifier verifier;

  SignedRequests(RequestVerifier verifier) {
    this.verifier = verifier;
  }

  /** The before-handler of every route: lets the request through, or throws why not. */
  void authenticate(Context ctx) {
    Credentials c = verifier.precheck(ctx.header("Authorization"));
    byte[] body = Bodies.read(inputStream(ctx), ctx.req().getContentLengthLong());
    String keyId = verifier.verify(c, ctx.method().name(), ctx.path(), ctx.queryString(), body);
    ctx.attribute(BODY, body);
    ctx.attribute("iisbot.key", keyId);
  }

  /** The body the request was signed with. */
  static byte[] body(Context ctx) {
    byte[] b = ctx.attribute(BODY);
    return b == null ? new byte[0] : b;
  }

  static void unauthorized(AuthException e, Context ctx) {
    LOG.info(
        "refused {} {} from {}: {}",
        ctx.method(),
        Agent.printable(ctx.path()),
        ctx.ip(),
        Agent.printable(e.getMessage()));
    ctx.header("WWW-Authenticate", AgentAuth.SCHEME);
    boolean replayed = "replayed".equals(e.code());
    Agent.error(
        ctx, 401, replayed ? "replayed" : "unauthorized", replayed ? REPLAYED : UNAUTHORIZED, null);
  }

  /** The client went away or was too slow mid-body: one line, and nothing more to answer. */
  static void aborted(Context ctx, String reason) {
    LOG.info(
        "request {} {} from {} ended before its body arrived: {}",
        ctx.method(),
        Agent.printable(ctx.path()),
        ctx.ip(),
        reason);
    Agent.error(ctx, 408, "too_slow", "the request body did not arrive in time", null);
  }

  private static InputStream inputStream(Context ctx) {
    try {
      return ctx.req().getInputStream();
    } catch (IOException e) {
      throw new Bodies.Aborted(ServerLimits.abortReason(e));
    }
  }
}
