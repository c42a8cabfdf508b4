/**
 * The bot's durable state — audit trail, single-use confirmation tokens, host leases and in-flight
 * operations — behind {@link io.iisbot.bot.store.BotStore}, on SQLite or PostgreSQL.
 */
package io.iisbot.bot.store;
