package io.rekindle.classification;

import java.time.Instant;

/** One run of the classification over the whole base, with its progress and results. */
public record ClassificationRun(
        long id,
        String status,
        Instant startedAt,
        Instant finishedAt,
        Instant referenceTime,
        String processInstanceId,
        String decisionDefinitionId,
        int decisionVersion,
        long contactsTotal,
        long contactsDone,
        long lastContactId,
        long contactsChanged,
        long entriesPublished,
        /** Entries whose journey could not start (see {@code segment_entry.failure}). */
        long entriesFailed,
        long lastEntryId,
        String segmentCounts,
        Long durationMs) {
}
