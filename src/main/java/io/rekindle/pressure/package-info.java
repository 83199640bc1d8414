/**
 * Marketing pressure: at most so many marketing messages per contact per rolling period, across journeys and
 * channels, with a policy per message type (defer, skip, exempt), checked right before delivery.
 */
package io.rekindle.pressure;
