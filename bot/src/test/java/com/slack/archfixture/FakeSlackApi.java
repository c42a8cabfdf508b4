package com.slack.archfixture;

/** Stands in for a Slack SDK class in the architecture test's fixtures. */
public final class FakeSlackApi {}
