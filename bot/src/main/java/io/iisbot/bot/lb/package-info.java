/** Load balancers hosts sit behind: taking a host out before it stops, putting it back after. */
package io.iisbot.bot.lb;
