/**
 * The deliverability ramp for inactive email targets: daily send slots growing step by step, given to the most
 * recently active first; the journey steps that join the ramp and grant slots, and the API that shows where it
 * stands.
 */
package io.rekindle.deliverability;
