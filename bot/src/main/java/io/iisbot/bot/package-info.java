/** The iisbot application: wiring and {@link io.iisbot.bot.Main}. */
package io.iisbot.bot;
