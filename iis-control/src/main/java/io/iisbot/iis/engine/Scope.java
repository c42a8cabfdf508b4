package io.iisbot.iis.engine;

import java.util.Locale;
import java.util.Objects;

/** What part of a host an action applies to. */
public sealed interface Scope {

  /** A short key such as {@code host}, {@code site:default web site}, {@code pool:api}. */
  String key();

  /** As typed: {@code site:"Default Web Site"}. */
  String display();

  /** The whole host. */
  record Host() implements Scope {
    @Override
    public String key() {
      return "host";
    }

    @Override
    public String display() {
      return "the host";
    }
  }

  /** One site. */
  record Site(String name) implements Scope {
    public Site {
      requireName(name, "site");
    }

    @Override
    public String key() {
      return "site:" + name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String display() {
      return "site:" + quoted(name);
    }
  }

  /** One app pool. */
  record Pool(String name) implements Scope {
    public Pool {
      requireName(name, "pool");
    }

    @Override
    public String key() {
      return "pool:" + name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String display() {
      return "pool:" + quoted(name);
    }
  }

  static Scope host() {
    return new Host();
  }

  private static void requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isBlank()) {
      throw new IllegalArgumentException("a " + what + " name is needed");
    }
  }

  private static String quoted(String name) {
    return name.contains(" ") ? "\"" + name + "\"" : name;
  }
}
