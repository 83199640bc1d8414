/**
 * SMS delivery over the provider's HTTP API: the dispatcher, its schedule and settings, and the legal send windows
 * for commercial SMS.
 */
package io.rekindle.sms;
