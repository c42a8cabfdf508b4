/** What the adapters' and the bot's tests share: recordings to wait on, a clock moved by hand. */
package io.iisbot.adapters.testing;
