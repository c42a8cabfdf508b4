/**
 * The agent process on an IIS host: running it as a Windows service ({@link
 * io.iisbot.iis.agent.server.WindowsService}) and its logging ({@link
 * io.iisbot.iis.agent.server.AgentLogging}).
 */
package io.iisbot.iis.agent.server;
