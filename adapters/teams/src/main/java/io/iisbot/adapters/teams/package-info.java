/**
 * The Microsoft Teams adapter: the Bot Connector protocol spoken directly ({@code POST
 * /teams/messages}, the Bot Framework's JWT checked first), Adaptive Cards rendered from the
 * neutral message, and cards updated in place through the connector.
 */
package io.iisbot.adapters.teams;
