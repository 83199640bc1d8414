/**
 * The preference centre (issue 17): the contact's own choices of channels, topics and frequency, made on a signed
 * public page linked from every marketing email, stored with their time, and the rules that honour them when a
 * message is written and when it leaves. Transactional templates (welcome, farewell) are not subject to them.
 */
package io.rekindle.preferences;
