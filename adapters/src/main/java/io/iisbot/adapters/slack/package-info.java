/**
 * The Slack adapter: Bolt for Java over HTTP or Socket Mode, Block Kit rendering, and Slack users
 * and user groups as identities ({@code slack:U…}, {@code slack-group:S…}).
 */
package io.iisbot.adapters.slack;
