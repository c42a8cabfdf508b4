/** Confirmation prompts: signed, expiring, single-use tokens carried by the Confirm button. */
package io.iisbot.bot.confirm;
