/**
 * The satisfaction survey: its signed public page, the answers stored in the CRM (never as process variables), the
 * step that sends the survey email, the correlation that moves the survey on when an answer arrives, and what the
 * customer-service task form reads.
 */
package io.rekindle.survey;
