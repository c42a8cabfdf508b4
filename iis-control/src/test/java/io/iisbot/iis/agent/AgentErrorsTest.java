package io.iisbot.iis.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.agent.Wire.ErrorBody;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The messages of the failures that a simulated host cannot produce through HTTP. */
final class AgentErrorsTest {

  private final AgentErrors web02 =
      new AgentErrors("web02", "https://web02:9701", true, Optional.of(Duration.ofSeconds(5)));

  @Test
  void answer_hostError_saysIisFailedOnTheHost() {
    AgentException e =
        web02.answer(502, new ErrorBody("host_error", "appcmd failed: access denied (5)", null));

    assertThat(e).isInstanceOf(AgentException.HostError.class);
    assertThat(e.getMessage())
        .isEqualTo("web02's agent could not do that on the host: appcmd failed: access denied (5)");
  }

  @Test
  void answer_internal_passesOnTheReference() {
    AgentException e =
        web02.answer(
            500,
            new ErrorBody(
                "internal",
                "the agent failed; its log has the details under reference 1a2b3c4d",
                null));

    assertThat(e.kind()).isEqualTo(AgentException.Kind.HOST_ERROR);
    assertThat(e.getMessage()).endsWith("under reference 1a2b3c4d");
  }

  @Test
  void answer_notFromAnAgent_asksWhatIsListening() {
    AgentException e = web02.answer(503, null);

    assertThat(e.getMessage())
        .isEqualTo(
            "web02's agent answered HTTP 503 without an explanation; is it an iisbot agent"
                + " listening at https://web02:9701?");
  }

  @Test
  void answer_tooLarge_isRejected() {
    AgentException e =
        web02.answer(413, new ErrorBody("too_large", "request bodies are limited to 64 KiB", null));

    assertThat(e).isInstanceOf(AgentException.Rejected.class);
    assertThat(e.status()).isEqualTo(413);
  }

  @Test
  void answer_messageWithControlCharacters_isCleanedAndCapped() {
    AgentException e =
        web02.answer(422, new ErrorBody("not_allowed", "a\nb\u0007c" + "x".repeat(600), null));

    assertThat(e.getMessage()).startsWith("web02's agent refused the request: a b c").endsWith("…");
    assertThat(e.getMessage()).hasSizeLessThan(600);
  }

  @Test
  void noAnswer_eachReason_saysWhatToCheck() {
    assertThat(message(new UnresolvedAddressException()))
        .isEqualTo(
            "cannot reach the agent at https://web02:9701 (unknown host name); check the agent's"
                + " address in the bot's settings");
    assertThat(message(new SSLHandshakeException("PKIX path building failed")))
        .contains("(TLS: handshake failed)");
    SSLHandshakeException untrusted = new SSLHandshakeException("PKIX");
    untrusted.initCause(new CertificateException("unable to find valid certification path"));
    assertThat(message(untrusted)).contains("(TLS: its certificate is not trusted)");
    assertThat(message(new HttpConnectTimeoutException("HTTP connect timed out")))
        .isEqualTo(
            "cannot reach the agent at https://web02:9701 (no answer to connect within 5s); is"
                + " the host up and the agent's port open in its firewall?");
    assertThat(message(new ConnectException()))
        .isEqualTo(
            "cannot reach the agent at https://web02:9701 (connection refused); is the iisbot"
                + " agent service running?");
  }

  @Test
  void noAnswer_agentNamedApartFromItsHost_namesBoth() {
    AgentErrors named = new AgentErrors("web02", "https://10.0.0.12:9701", false, Optional.empty());

    AgentException e =
        named.noAnswer(ConnectionFailure.of(new ConnectException()), "the snapshot", 1, null);

    assertThat(e.getMessage()).startsWith("cannot reach web02's agent at https://10.0.0.12:9701 (");
  }

  @Test
  void classify_transientReasons_areRetryable() {
    assertThat(ConnectionFailure.of(new CompletionException(new ConnectException())).reason)
        .isEqualTo(ConnectionFailure.Reason.REFUSED);
    assertThat(ConnectionFailure.Reason.REFUSED.retryable).isTrue();
    assertThat(ConnectionFailure.Reason.CLOSED.retryable).isTrue();
    assertThat(ConnectionFailure.Reason.TIMEOUT.retryable).isTrue();
    assertThat(ConnectionFailure.Reason.UNKNOWN_HOST.retryable).isFalse();
    assertThat(ConnectionFailure.Reason.TLS.retryable).isFalse();
  }

  private String message(Throwable t) {
    ConnectException wrapped = new ConnectException();
    wrapped.initCause(t);
    return web02
        .noAnswer(ConnectionFailure.of(new CompletionException(wrapped)), "the snapshot", 1, null)
        .getMessage();
  }
}
