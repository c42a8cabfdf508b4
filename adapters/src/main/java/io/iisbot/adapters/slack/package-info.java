/** Slack as a chat platform: request signatures, slash commands, buttons and message updates. */
package io.iisbot.adapters.slack;
