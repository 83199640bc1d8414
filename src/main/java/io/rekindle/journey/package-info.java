/**
 * The journeys themselves: the relaunch of new sign-ups and the reactivation journeys (win-back, final removal,
 * welcome back). Starters, the steps' delegates (send email, send SMS, check the CRM), the rules that read or write
 * the CRM on the journeys' behalf, the names shared with the BPMN files, and the migration of people mid-journey
 * onto a new version.
 */
package io.rekindle.journey;
