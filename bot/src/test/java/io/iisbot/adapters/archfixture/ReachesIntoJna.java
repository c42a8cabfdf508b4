package io.iisbot.adapters.archfixture;

import com.sun.jna.archfixture.FakeNative;

/** A deliberate violation, used only to prove the architecture rule fails on one. */
public final class ReachesIntoJna {
  public Object call() {
    return new FakeNative();
  }
}
