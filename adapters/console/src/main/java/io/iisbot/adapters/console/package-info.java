/**
 * The web console as a chat adapter: the JSON API of DESIGN §3.6 over the same bot, with its
 * messages and their edits streamed over Server-Sent Events.
 */
package io.iisbot.adapters.console;
