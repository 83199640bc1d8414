/**
 * Personal offer codes (discount, validity) attached to the messages that carry one.
 */
package io.rekindle.offer;
