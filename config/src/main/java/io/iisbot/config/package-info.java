/** Typed, validated configuration of the bot: YAML plus environment references. */
package io.iisbot.config;
