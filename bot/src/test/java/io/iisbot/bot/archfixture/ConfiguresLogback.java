package io.iisbot.bot.archfixture;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Breaks the rule on purpose: sets Logback up outside the logging package. */
public final class ConfiguresLogback {
  public void louder() {
    ((Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
  }
}
