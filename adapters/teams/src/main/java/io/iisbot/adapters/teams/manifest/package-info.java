/**
 * Teams' app package: the manifest template and icons of {@code config/teams}, filled with the
 * bot's app id and commands, zipped for upload ({@code java -jar iisbot.jar teams-manifest}).
 */
package io.iisbot.adapters.teams.manifest;
