/**
 * Imports of a company's existing base: a CSV or NDJSON file posted once, spooled to disk, then read as a
 * background job in batches, each batch committed with its rows' outcomes (new, updated, unchanged, rejected with
 * line and reason) and the job's checkpoint, so an interrupted import resumes where it stopped. Idempotent by
 * external id; an imported customer starts no entry journey, unless the import asks that recent sign-ups enter the
 * relaunch at the point their sign-up date puts them. An email consent the file withdraws is an unsubscribe: the
 * contact's journeys end, through the event inbox.
 */
package io.rekindle.imports;
