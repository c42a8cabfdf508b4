/** Putting the bot together from its configuration, serving it, and the demo. */
package io.iisbot.bot.app;
