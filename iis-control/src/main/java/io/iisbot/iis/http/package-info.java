/**
 * What keeps an HTTP server of ours answering under abuse (slow or endless request bodies, aborted
 * requests), shared by the agent and the bot: {@link io.iisbot.iis.http.ServerLimits}.
 */
package io.iisbot.iis.http;
