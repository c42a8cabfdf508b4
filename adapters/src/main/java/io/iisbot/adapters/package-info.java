/** Chat platforms behind one neutral model: Slack, Discord and the web console. */
package io.iisbot.adapters;
