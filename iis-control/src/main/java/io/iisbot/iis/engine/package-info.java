/**
 * The operation engine: every action (stop, start, suspend, resume, recycle, reset) as a plan of
 * named steps run against an {@link io.iisbot.iis.IisHost}, with deadlines polled on an injected
 * clock, progress events, verification and an Event Log summary.
 */
package io.iisbot.iis.engine;
