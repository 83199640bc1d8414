/**
 * The journey simulator for marketing ops: a persona's timeline run through the deployed journeys in a JVM of its
 * own (in-memory database and engine), nothing sent, the dated messages and journey ends returned.
 */
package io.rekindle.simulation;
