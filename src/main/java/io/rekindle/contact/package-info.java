/**
 * Contacts and what the CRM knows of them: sign-up, consents and email status, the activity events stored per
 * contact (purchases, visits, opens, clicks, bounces) and the dates derived from them. Every other feature reads
 * contacts through {@link io.rekindle.contact.ContactService}; journeys hold only the contact's id.
 */
package io.rekindle.contact;
