package io.rekindle.gdpr;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The right of access: everything held on a person, gathered from every {@link PersonalDataExporter} (the contact,
 * consents and their history, events, messages, offers, survey answers, segments, journeys), in one read-only
 * transaction so that the sections agree with each other.
 */
@Service
public class PersonalDataExport {

    private final ErasureRepository contacts;
    private final List<PersonalDataExporter> exporters;
    private final Clock clock;

    PersonalDataExport(ErasureRepository contacts, List<PersonalDataExporter> exporters, Clock clock) {
        this.contacts = contacts;
        this.exporters = exporters;
        this.clock = clock;
    }

    /** Empty for a contact that is unknown or erased: there is nothing personal left to give. */
    @Transactional(readOnly = true)
    public java.util.Optional<Map<String, Object>> of(long contactId) {
        if (!contacts.present(contactId)) {
            return java.util.Optional.empty();
        }
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("contactId", contactId);
        export.put("exportedAt", clock.instant());
        for (PersonalDataExporter exporter : exporters) {
            export.put(exporter.name(), exporter.export(contactId));
        }
        return java.util.Optional.of(export);
    }
}
