/**
 * The Discord adapter: JDA over the gateway or the HTTP interactions endpoint (Ed25519-checked),
 * embeds and buttons within Discord's limits, and the {@code /iis} command registered from the
 * bot's command registry.
 */
package io.iisbot.adapters.discord;
