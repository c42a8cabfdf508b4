/**
 * The agent's protocol, shared by both ends: request signing ({@link
 * io.iisbot.iis.agent.AgentAuth}), the JSON wire format ({@link io.iisbot.iis.agent.AgentJson}) and
 * the client the bot uses ({@link io.iisbot.iis.agent.AgentClient}).
 */
package io.iisbot.iis.agent;
