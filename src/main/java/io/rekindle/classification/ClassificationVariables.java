package io.rekindle.classification;

import io.rekindle.engine.Variable;

/**
 * The variables of the daily classification ({@code bpmn/daily-classification.bpmn}) and of the "Classify contact"
 * building block, typed. The run itself lives in our tables; the process holds its id and progress for Cockpit.
 */
final class ClassificationVariables {

    static final Variable<Long> RUN_ID = Variable.of("classificationRunId", Long.class);
    static final Variable<Integer> DECISION_VERSION = Variable.of("decisionVersion", Integer.class);
    static final Variable<Long> CONTACTS_TOTAL = Variable.of("contactsTotal", Long.class);
    static final Variable<Long> CONTACTS_DONE = Variable.of("contactsDone", Long.class);
    static final Variable<Long> CONTACTS_CHANGED = Variable.of("contactsChanged", Long.class);
    static final Variable<Long> PROGRESS_PERCENT = Variable.of("progressPercent", Long.class);
    static final Variable<Long> CONTACTS_PER_SECOND = Variable.of("contactsPerSecond", Long.class);
    static final Variable<Boolean> ALL_CLASSIFIED = Variable.of("allClassified", Boolean.class);
    static final Variable<Boolean> ALL_PUBLISHED = Variable.of("allPublished", Boolean.class);
    static final Variable<Long> DURATION_MS = Variable.of("durationMs", Long.class);
    /** The count per segment at the end of the run, as our table stores it (text). */
    static final Variable<String> SEGMENT_COUNTS = Variable.of("segmentCounts", String.class);
    static final Variable<Long> ENTRIES_PUBLISHED = Variable.of("entriesPublished", Long.class);

    // "Classify contact": the contact in, the decision's outputs out
    static final Variable<Long> CONTACT_ID = Variable.of("contactId", Long.class);
    static final Variable<String> SEGMENT = Variable.of("segment", String.class);
    static final Variable<String> INACTIVITY_TYPE = Variable.of("inactivityType", String.class);
    static final Variable<Integer> REACTIVATION_PRIORITY = Variable.of("reactivationPriority", Integer.class);

    private ClassificationVariables() {
    }
}
