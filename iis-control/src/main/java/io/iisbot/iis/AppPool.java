package io.iisbot.iis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An application pool.
 *
 * @param autoStart whether WAS starts it when WAS starts; appcmd's start/stop does not change it
 * @param shutdownTimeLimit {@code processModel.shutdownTimeLimit}: how long a worker may take to
 *     finish during a stop or recycle before WAS kills it (event 5013)
 * @param disallowOverlappingRotation when true a recycle stops the old worker before starting the
 *     new one, so requests wait or fail in the gap
 * @param workerPids the worker processes WAS knows for this pool
 */
public record AppPool(
    String name,
    ObjectState state,
    boolean autoStart,
    Duration shutdownTimeLimit,
    boolean disallowOverlappingRotation,
    List<Integer> workerPids) {

  public AppPool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(shutdownTimeLimit, "shutdownTimeLimit");
    workerPids = List.copyOf(workerPids);
  }
}
