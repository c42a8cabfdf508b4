package com.sun.jna.archfixture;

/** Stands in for a JNA class in the architecture test's fixtures; JNA itself is not needed. */
public final class FakeNative {}
