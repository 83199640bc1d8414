package io.rekindle.imports;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.rekindle.contact.ActivityEvent;
import io.rekindle.contact.ContactActivity;
import io.rekindle.contact.ContactBulkStore;
import io.rekindle.contact.ContactBulkStore.Change;
import io.rekindle.contact.ContactBulkStore.Stored;
import io.rekindle.contact.ContactField;
import io.rekindle.contact.EmailStatus;
import io.rekindle.events.EventInbox;
import io.rekindle.journey.RelaunchEntry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one batch of rows in one transaction, with the rows' outcomes and the job's checkpoint: either all of it is
 * committed or none. The rows are written set-wise; when that fails (a row the database refuses), the batch is
 * written again row by row, each row under a savepoint of its own, and a refused row is rejected alone. No row is
 * ever half-written.
 */
@Component
class ImportBatches {

    static final char NEW = 'N';
    static final char UPDATED = 'U';
    static final char UNCHANGED = 'S';
    static final char REJECTED = 'R';

    private static final Logger log = LoggerFactory.getLogger(ImportBatches.class);
    private static final ContactField[] FIELDS = ContactField.values();
    private static final int EXTERNAL_ID = ContactField.EXTERNAL_ID.ordinal();

    private final ContactBulkStore contacts;
    private final ContactActivity activity;
    private final EventInbox inbox;
    private final ImportRepository imports;
    private final RelaunchEntry relaunch;
    private final RowRules rules;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;

    ImportBatches(ContactBulkStore contacts, ContactActivity activity, EventInbox inbox, ImportRepository imports,
            RelaunchEntry relaunch, PlatformTransactionManager transactions) {
        this.contacts = contacts;
        this.activity = activity;
        this.inbox = inbox;
        this.imports = imports;
        this.relaunch = relaunch;
        this.rules = new RowRules();
        this.transaction = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** What one row becomes. */
    private static final class Row {
        final long line;
        char outcome;
        String reason;
        Object[] values;
        Stored stored;
        final List<Change> changes = new ArrayList<>();
        boolean relaunch;

        Row(long line) {
            this.line = line;
        }

        void reject(String why) {
            outcome = REJECTED;
            reason = why;
        }
    }

    /**
     * Writes the records (no external id twice among them) and advances the job to {@code nextOffset} /
     * {@code nextLine}, in one transaction. Returns what the batch added.
     */
    ImportRepository.Progress write(ImportRepository.Job job, List<RawRecord> records, long nextOffset,
            long nextLine, Instant now, long rowsPerSecond, Instant leaseUntil) {
        return transaction.execute(status -> {
            List<Row> rows = decide(job, records, now);
            try {
                savepoint.executeWithoutResult(s -> writeAll(rows, job, now));
            } catch (DataAccessException refused) {
                log.warn("Import {}: a batch from line {} was refused as a whole ({}); writing it row by row",
                        job.id(), records.get(0).line(), refused.getClass().getSimpleName());
                for (Row row : rows) {
                    writeAlone(row, job, now);
                }
            }
            ImportRepository.Progress progress = progress(rows, nextOffset, nextLine);
            saveOutcomes(job.id(), rows);
            imports.advance(job.id(), progress, rowsPerSecond, leaseUntil);
            return progress;
        });
    }

    private List<Row> decide(ImportRepository.Job job, List<RawRecord> records, Instant now) {
        List<Row> rows = new ArrayList<>(records.size());
        Map<String, Row> valid = new LinkedHashMap<>();
        for (RawRecord record : records) {
            Row row = new Row(record.line());
            rows.add(row);
            if (record.error() != null) {
                row.reject("the row " + record.error());
                continue;
            }
            try {
                row.values = rules.parse(record.values(), now);
                valid.put((String) row.values[EXTERNAL_ID], row);
            } catch (RowRules.Rejected rejected) {
                row.reject(rejected.getMessage());
            }
        }
        Map<String, Stored> stored = contacts.findByExternalIds(valid.keySet());
        for (Row row : valid.values()) {
            Stored existing = stored.get((String) row.values[EXTERNAL_ID]);
            if (existing == null) {
                asNew(row, job, now);
            } else if (existing.erased()) {
                row.reject("the contact with this externalId was erased (GDPR); an import does not bring it back");
            } else {
                merge(row, existing);
            }
        }
        return rows;
    }

    private static void asNew(Row row, ImportRepository.Job job, Instant now) {
        try {
            RowRules.requireForNewContact(row.values);
        } catch (RowRules.Rejected rejected) {
            row.reject(rejected.getMessage());
            return;
        }
        Object[] v = row.values;
        v[ContactField.SIGNED_UP_AT.ordinal()] = Objects.requireNonNullElse(v[ContactField.SIGNED_UP_AT.ordinal()],
                now.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        v[ContactField.EMAIL_STATUS.ordinal()] = Objects.requireNonNullElse(v[ContactField.EMAIL_STATUS.ordinal()],
                EmailStatus.VALID.name());
        v[ContactField.PURCHASE_COUNT.ordinal()] = Objects.requireNonNullElse(
                v[ContactField.PURCHASE_COUNT.ordinal()], 0);
        v[ContactField.REVENUE.ordinal()] = Objects.requireNonNullElse(v[ContactField.REVENUE.ordinal()],
                BigDecimal.ZERO.setScale(2));
        row.outcome = NEW;
        row.relaunch = job.relaunchSince() != null
                && !((Instant) v[ContactField.SIGNED_UP_AT.ordinal()]).isBefore(job.relaunchSince());
    }

    /** The stored contact with the row's values over it (a value absent from the row leaves the field as it is). */
    private static void merge(Row row, Stored existing) {
        Object[] merged = existing.values().clone();
        for (ContactField field : FIELDS) {
            Object value = row.values[field.ordinal()];
            Object old = existing.values()[field.ordinal()];
            if (value != null && !same(old, value)) {
                merged[field.ordinal()] = value;
                row.changes.add(new Change(existing.id(), field, old, value));
            }
        }
        int status = ContactField.EMAIL_STATUS.ordinal();
        boolean emailChanged = row.changes.stream().anyMatch(c -> c.field() == ContactField.EMAIL);
        if (emailChanged && row.values[status] == null && !EmailStatus.VALID.name().equals(merged[status])) {
            // a new address has bounced nowhere yet
            row.changes.add(new Change(existing.id(), ContactField.EMAIL_STATUS, merged[status],
                    EmailStatus.VALID.name()));
            merged[status] = EmailStatus.VALID.name();
        }
        row.outcome = row.changes.isEmpty() ? UNCHANGED : UPDATED;
        row.stored = new Stored(existing.id(), false, merged);
    }

    private static boolean same(Object old, Object value) {
        if (old instanceof BigDecimal a && value instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        return Objects.equals(old, value);
    }

    private void writeAll(List<Row> rows, ImportRepository.Job job, Instant now) {
        List<Object[]> inserts = new ArrayList<>();
        List<Stored> updates = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (Row row : rows) {
            if (row.outcome == NEW) {
                inserts.add(row.values);
            } else if (row.outcome == UPDATED) {
                updates.add(row.stored);
                changes.addAll(row.changes);
            }
        }
        contacts.insert(inserts, now);
        contacts.update(updates, now);
        contacts.recordChanges(changes, source(job), now);
        unsubscribed(changes, now);
        relaunch(rows.stream().filter(r -> r.outcome == NEW && r.relaunch).toList());
    }

    /**
     * An email consent the file withdraws is an unsubscribe (channel EMAIL), as when the API changes it: stored with
     * the batch, then delivered by the event inbox, so that every marketing journey of the contact ends.
     */
    private void unsubscribed(List<Change> changes, Instant now) {
        for (Change change : changes) {
            if (change.field() == ContactField.EMAIL_CONSENT && Boolean.TRUE.equals(change.oldValue())
                    && Boolean.FALSE.equals(change.newValue())) {
                ActivityEvent unsubscribe = activity.emailConsentWithdrawn(change.contactId(), now);
                if (!unsubscribe.duplicate()) {
                    inbox.queue(unsubscribe);
                }
            }
        }
    }

    private void writeAlone(Row row, ImportRepository.Job job, Instant now) {
        if (row.outcome != NEW && row.outcome != UPDATED) {
            return;
        }
        try {
            savepoint.executeWithoutResult(s -> writeAll(List.of(row), job, now));
        } catch (DataAccessException refused) {
            row.reject("the database refused the row (" + refused.getMostSpecificCause().getClass().getSimpleName()
                    + ")");
        }
    }

    private void relaunch(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Long> ids = contacts.idsOf(rows.stream().map(r -> (String) r.values[EXTERNAL_ID]).toList());
        for (Row row : rows) {
            relaunch.enter(ids.get((String) row.values[EXTERNAL_ID]),
                    (Instant) row.values[ContactField.SIGNED_UP_AT.ordinal()]);
        }
    }

    private static String source(ImportRepository.Job job) {
        return "import:" + job.id();
    }

    private static ImportRepository.Progress progress(List<Row> rows, long nextOffset, long nextLine) {
        long[] counts = new long[128];
        long relaunched = 0;
        for (Row row : rows) {
            counts[row.outcome]++;
            if (row.outcome == NEW && row.relaunch) {
                relaunched++;
            }
        }
        return new ImportRepository.Progress(rows.size(), counts[NEW], counts[UPDATED], counts[UNCHANGED],
                counts[REJECTED], relaunched, nextOffset, nextLine);
    }

    private void saveOutcomes(long importId, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        long first = rows.get(0).line;
        StringBuilder outcomes = new StringBuilder(rows.size());
        StringBuilder offsets = new StringBuilder();
        boolean consecutive = true;
        List<ImportRepository.RowOutcome> rejections = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            outcomes.append(row.outcome);
            consecutive &= row.line == first + i;
            offsets.append(i == 0 ? "" : ",").append(row.line - first);
            if (row.outcome == REJECTED) {
                rejections.add(new ImportRepository.RowOutcome(row.line, REJECTED, row.reason.length() > 300
                        ? row.reason.substring(0, 300) : row.reason));
            }
        }
        imports.saveBatch(importId, first, rows.get(rows.size() - 1).line, outcomes.toString(),
                consecutive ? null : offsets.toString(), rejections);
    }
}
