/** Many hosts at once: agents by host name, leases, and rolling batches that stop at a failure. */
package io.iisbot.bot.fleet;
