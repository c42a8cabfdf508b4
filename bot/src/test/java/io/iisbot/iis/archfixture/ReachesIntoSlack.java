package io.iisbot.iis.archfixture;

import com.slack.archfixture.FakeSlackApi;

/** A deliberate violation, used only to prove the architecture rule fails on one. */
public final class ReachesIntoSlack {
  public Object post() {
    return new FakeSlackApi();
  }
}
