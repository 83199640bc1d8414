/**
 * Personal data erasure: the retention run that erases contacts inactive too long, erasure on request, and the
 * erasers each feature provides for the data it owns.
 */
package io.rekindle.gdpr;
