/**
 * The model of one IIS host (services, app pools, sites, workers, requests, events) and the {@link
 * io.iisbot.iis.IisHost} port every backend implements.
 */
package io.iisbot.iis;
