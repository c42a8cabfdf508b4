/**
 * The Slack adapter: Bolt for Java over HTTP ({@code POST /slack/events}, signature checked first)
 * or Socket Mode, Block Kit rendering within Slack's limits, and posting and editing in channels
 * with the response_url fallback.
 */
package io.iisbot.adapters.slack;
