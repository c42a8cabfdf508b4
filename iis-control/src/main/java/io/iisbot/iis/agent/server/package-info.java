/**
 * The agent: one IIS host served over authenticated HTTP (DESIGN §2.4), its configuration and
 * allow-list, and running it as a Windows service.
 */
package io.iisbot.iis.agent.server;
