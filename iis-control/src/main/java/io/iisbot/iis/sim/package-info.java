/**
 * A simulated IIS host that behaves as IIS-FACTS says (pending service states, dependencies,
 * overlapped recycles, draining requests, the events IIS writes, injectable faults), driven by an
 * injected clock so tests run in virtual time and demos in real time.
 */
package io.iisbot.iis.sim;
