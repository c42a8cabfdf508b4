package io.iisbot.adapters.chat;

import java.net.URI;
import java.time.Duration;

/** Issues web console sign-in links for {@code /iis console}. Implementations are thread-safe. */
public interface SignInLinks {

  /** A short-lived, single-use link that opens a console session as the caller. */
  URI issue(Caller caller);

  /** How long a link may wait before it is opened. */
  Duration validity();
}
