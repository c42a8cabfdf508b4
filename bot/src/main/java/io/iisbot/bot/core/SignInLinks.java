package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Caller;
import java.net.URI;

/** Issues web console sign-in links for {@code /iis console}. Implementations are thread-safe. */
@FunctionalInterface
public interface SignInLinks {

  /** A short-lived, single-use link that opens a console session as the caller. */
  URI issue(Caller caller);
}
