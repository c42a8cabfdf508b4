package io.iisbot.iis.agent;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a call to an agent failed, as {@link AgentClient} reports it. The message is written for a
 * chat user and names the agent; it never holds a stack trace, a secret or the {@code
 * Authorization} header, so it may be posted as it is. The cause, when there is one, is for the
 * log.
 */
public abstract sealed class AgentException extends RuntimeException
    permits AgentException.Unreachable,
        AgentException.Unauthorized,
        AgentException.Conflict,
        AgentException.Rejected,
        AgentException.NotFound,
        AgentException.Timeout,
        AgentException.HostError {

  /** The closed set of failures, for a {@code switch}. */
  public enum Kind {
    UNREACHABLE,
    UNAUTHORIZED,
    CONFLICT,
    REJECTED,
    NOT_FOUND,
    TIMEOUT,
    HOST_ERROR
  }

  private final String agent;
  private final int status;
  private final String code;

  AgentException(String agent, int status, String code, String message, Throwable cause) {
    super(message, cause);
    this.agent = Objects.requireNonNull(agent, "agent");
    this.status = status;
    this.code = code;
  }

  public abstract Kind kind();

  /** The agent's name as the client calls it (its host, unless configured otherwise). */
  public String agent() {
    return agent;
  }

  /** The HTTP status the agent answered with; 0 when it gave no answer. */
  public int status() {
    return status;
  }

  /** The agent's stable error code ({@code busy}, {@code not_allowed}, ...), if it sent one. */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** No connection: refused, unknown host, failed TLS handshake, or closed before an answer. */
  public static final class Unreachable extends AgentException {
    Unreachable(String agent, String message, Throwable cause) {
      super(agent, 0, null, message, cause);
    }

    @Override
    public Kind kind() {
      return Kind.UNREACHABLE;
    }
  }

  /** 401: the agent refused the signature; the message carries its reason (skew, key, replay). */
  public static final class Unauthorized extends AgentException {
    Unauthorized(String agent, String code, String message) {
      super(agent, 401, code, message, null);
    }

    @Override
    public Kind kind() {
      return Kind.UNAUTHORIZED;
    }
  }

  /** 409: another operation runs ({@code busy}) or the id was used for a different one. */
  public static final class Conflict extends AgentException {
    private final String running;

    Conflict(String agent, String code, String message, String running) {
      super(agent, 409, code, message, null);
      this.running = running;
    }

    /** For {@code busy}: the operation that runs now, to follow instead. */
    public Optional<String> runningOperationId() {
      return Optional.ofNullable(running);
    }

    /** Whether the agent is busy with another operation (rather than refusing a reused id). */
    public boolean isBusy() {
      return "busy".equals(code().orElse(null));
    }

    @Override
    public Kind kind() {
      return Kind.CONFLICT;
    }
  }

  /** 400, 413 or 422: a malformed request, or one the agent's allow-list does not permit. */
  public static final class Rejected extends AgentException {
    Rejected(String agent, int status, String code, String message) {
      super(agent, status, code, message, null);
    }

    @Override
    public Kind kind() {
      return Kind.REJECTED;
    }
  }

  /** 404: no such operation (or route) on the agent. */
  public static final class NotFound extends AgentException {
    NotFound(String agent, String code, String message) {
      super(agent, 404, code, message, null);
    }

    @Override
    public Kind kind() {
      return Kind.NOT_FOUND;
    }
  }

  /** The agent did not answer in time, or a progress stream went quiet and could not be resumed. */
  public static final class Timeout extends AgentException {
    Timeout(String agent, String message, Throwable cause) {
      super(agent, 0, null, message, cause);
    }

    @Override
    public Kind kind() {
      return Kind.TIMEOUT;
    }
  }

  /**
   * 5xx: IIS failed on the host ({@code host_error}), the agent failed ({@code internal}), or it
   * answered something this client cannot read.
   */
  public static final class HostError extends AgentException {
    HostError(String agent, int status, String code, String message, Throwable cause) {
      super(agent, status, code, message, cause);
    }

    @Override
    public Kind kind() {
      return Kind.HOST_ERROR;
    }
  }
}
