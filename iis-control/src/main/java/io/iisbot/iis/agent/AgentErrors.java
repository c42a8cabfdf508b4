package io.iisbot.iis.agent;

import io.iisbot.iis.Durations;
import io.iisbot.iis.agent.Wire.ErrorBody;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns what went wrong talking to one agent into an {@link AgentException} whose message a chat
 * user can act on. Messages name the agent, quote the agent's own explanation (cleaned of control
 * characters and capped), and never carry a stack trace or a header. Stateless and thread-safe.
 */
final class AgentErrors {

  private static final int MAX_QUOTE = 500;

  private final String name;
  private final String url;
  private final boolean nameIsHost;
  private final Optional<Duration> connectTimeout;

  AgentErrors(String name, String url, boolean nameIsHost, Optional<Duration> connectTimeout) {
    this.name = name;
    this.url = url;
    this.nameIsHost = nameIsHost;
    this.connectTimeout = connectTimeout;
  }

  private String signedFor() {
    try {
      return AgentAuth.agentName(name);
    } catch (IllegalArgumentException e) {
      return name;
    }
  }

  /** "web02's agent" */
  String agent() {
    return name + "'s agent";
  }

  /** No answer after {@code attempts} tries at {@code what} ("the snapshot", ...). */
  AgentException noAnswer(ConnectionFailure f, String what, int attempts, Duration timeout) {
    String where = nameIsHost ? "the agent at " + url : agent() + " at " + url;
    String tries = attempts > 1 ? ", " + attempts + " tries" : "";
    return switch (f.reason) {
      case REFUSED ->
          new AgentException.Unreachable(
              name,
              "cannot reach "
                  + where
                  + " (connection refused"
                  + tries
                  + "); is the iisbot agent service running?",
              f.getCause());
      case UNKNOWN_HOST ->
          new AgentException.Unreachable(
              name,
              "cannot reach "
                  + where
                  + " (unknown host name); check the agent's address in the bot's settings",
              f.getCause());
      case TLS ->
          new AgentException.Unreachable(
              name,
              "cannot reach "
                  + where
                  + " (TLS: "
                  + f.tlsDetail()
                  + "); does the bot trust the agent's certificate, and is it https on that port?",
              f.getCause());
      case CONNECT_TIMEOUT ->
          new AgentException.Unreachable(
              name,
              "cannot reach "
                  + where
                  + " (no answer to connect"
                  + connectTimeout.map(d -> " within " + Durations.format(d)).orElse("")
                  + tries
                  + "); is the host up and the agent's port open in its firewall?",
              f.getCause());
      case CLOSED ->
          new AgentException.Unreachable(
              name,
              "cannot reach "
                  + where
                  + " (the connection closed before it answered"
                  + tries
                  + "); is the iisbot agent service running?",
              f.getCause());
      case TIMEOUT ->
          new AgentException.Timeout(
              name,
              agent()
                  + " did not answer "
                  + what
                  + " within "
                  + Durations.format(timeout)
                  + (attempts > 1 ? " (" + attempts + " tries)" : "")
                  + "; it may be overloaded or hung",
              f.getCause());
    };
  }

  /** A progress stream that kept failing; the operation itself goes on on the agent. */
  AgentException lostStream(ConnectionFailure last, String operationId, int reconnects) {
    String why =
        last == null
            ? "the stream kept ending without a result"
            : last.reason == ConnectionFailure.Reason.TIMEOUT
                ? "the stream went quiet"
                : "the connection kept failing";
    String message =
        "lost "
            + agent()
            + "'s progress for operation "
            + operationId
            + " after "
            + reconnects
            + " reconnects ("
            + why
            + "); the operation goes on on the agent, so ask for it again by its id";
    if (last != null && last.reason != ConnectionFailure.Reason.TIMEOUT) {
      return new AgentException.Unreachable(name, message, last.getCause());
    }
    return new AgentException.Timeout(name, message, last == null ? null : last.getCause());
  }

  /** The thread was interrupted while waiting for the agent. */
  AgentException interrupted(String what) {
    return new AgentException.Timeout(
        name, "stopped waiting for " + agent() + " (" + what + "): the bot is shutting down", null);
  }

  /** An error answer: {@code body} is the agent's JSON, or null when it sent none we can read. */
  AgentException answer(int status, ErrorBody body) {
    String code = body == null ? null : body.error();
    String quoted =
        body == null || body.message() == null || body.message().isBlank()
            ? null
            : quote(body.message());
    if (quoted == null) {
      return new AgentException.HostError(
          name,
          status,
          code,
          agent()
              + " answered HTTP "
              + status
              + " without an explanation; is it an iisbot agent listening at "
              + url
              + "?",
          null);
    }
    if (status == 401) {
      if ("replayed".equals(code)) {
        return new AgentException.Unauthorized(
            name,
            code,
            agent()
                + " refused our request as one it may have seen before: "
                + quoted
                + "; if this keeps happening, check that the bot's clock is not behind the"
                + " agent's");
      }
      return new AgentException.Unauthorized(
          name,
          code,
          agent() + " rejected our request (signed for " + signedFor() + "): " + quoted);
    }
    if (status == 409) {
      String lead =
          switch (code == null ? "" : code) {
            case "busy" -> " is busy: ";
            case "plan_changed" -> " did not start it: ";
            default -> " refused the operation id: ";
          };
      return new AgentException.Conflict(
          name, code, agent() + lead + quoted, "busy".equals(code) ? body.running() : null);
    }
    if (status == 404) {
      return new AgentException.NotFound(name, code, agent() + " found nothing: " + quoted);
    }
    if (status >= 400 && status < 500) {
      return new AgentException.Rejected(
          name, status, code, agent() + " refused the request: " + quoted);
    }
    if ("host_error".equals(code)) {
      return new AgentException.HostError(
          name, status, code, agent() + " could not do that on the host: " + quoted, null);
    }
    return new AgentException.HostError(
        name, status, code, agent() + " failed (HTTP " + status + "): " + quoted, null);
  }

  /** The agent sent more than this client reads; it stopped reading. */
  AgentException tooLarge(AnswerTooLarge large, String what) {
    return new AgentException.HostError(
        name,
        200,
        null,
        agent()
            + " sent "
            + large.part
            + " of more than "
            + sizeText(large.limit)
            + " ("
            + what
            + "); the bot stopped reading it. Is an iisbot agent listening at "
            + url
            + "?",
        large);
  }

  static String sizeText(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }

  /** A success answer this client cannot read. */
  AgentException unreadable(String what, Exception cause) {
    return new AgentException.HostError(
        name,
        200,
        null,
        agent()
            + " sent "
            + what
            + " in a form this bot cannot read; are the bot and the agent compatible versions?",
        cause);
  }

  /** The agent's words, printable and short, since they go to chat. */
  static String quote(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", " ").strip();
    return clean.length() > MAX_QUOTE ? clean.substring(0, MAX_QUOTE) + "…" : clean;
  }
}
