/** The bot: commands to confirmations to operations across the fleet, audited. */
package io.iisbot.bot.core;
