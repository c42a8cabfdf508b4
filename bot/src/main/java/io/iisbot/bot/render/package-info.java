/** Plain-text rendering of plans, progress and results, for terminals and chat fallbacks. */
package io.iisbot.bot.render;
