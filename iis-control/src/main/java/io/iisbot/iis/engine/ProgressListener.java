package io.iisbot.iis.engine;

/** Receives progress on the engine's thread; must return quickly and not throw. */
@FunctionalInterface
public interface ProgressListener {

  void on(Progress progress);

  static ProgressListener none() {
    return p -> {};
  }
}
