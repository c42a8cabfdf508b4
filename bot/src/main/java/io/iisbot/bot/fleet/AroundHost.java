package io.iisbot.bot.fleet;

import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Progress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Steps a rolling run takes around each host's own operation (a load balancer's drain and restore).
 * Called on the host's thread, while the host's lease is held.
 */
public interface AroundHost {

  /** Nothing around the host. */
  AroundHost NONE =
      new AroundHost() {
        @Override
        public Optional<String> before(String host, Consumer<Progress> progress) {
          return Optional.empty();
        }

        @Override
        public OperationResult after(
            String host, OperationResult result, Consumer<Progress> progress) {
          return result;
        }
      };

  /**
   * Before the agent is asked.
   *
   * @return why the host must not be asked; empty to go on
   */
  Optional<String> before(String host, Consumer<Progress> progress);

  /** After the agent's result: the result as it stands with these steps (a failed one fails it). */
  OperationResult after(String host, OperationResult result, Consumer<Progress> progress);
}
