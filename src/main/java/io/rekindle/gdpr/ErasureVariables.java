package io.rekindle.gdpr;

import java.util.Date;

import io.rekindle.engine.Variable;

/** The variables of the GDPR erasure run ({@code bpmn/gdpr-erasure.bpmn}), typed. */
final class ErasureVariables {

    /** Contacts without activity of their own since then are erased (a date, for Cockpit). */
    static final Variable<Date> CUTOFF = Variable.of("inactiveSince", Date.class);
    /** The run goes through the candidates in id order, a batch per job: where it stopped. */
    static final Variable<Long> LAST_CONTACT_ID = Variable.of("lastContactId", Long.class);
    static final Variable<Long> ERASED = Variable.of("contactsErased", Long.class);
    static final Variable<Long> FAILED = Variable.of("contactsFailed", Long.class);
    static final Variable<Boolean> ALL_CHECKED = Variable.of("allCandidatesChecked", Boolean.class);

    private ErasureVariables() {
    }
}
