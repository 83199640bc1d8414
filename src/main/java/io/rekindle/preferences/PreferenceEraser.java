package io.rekindle.preferences;

import io.rekindle.gdpr.PersonalDataEraser;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** GDPR erasure: the choices and their history go (an erased contact gets no marketing at all anyway). */
@Component
@Order(10)
class PreferenceEraser implements PersonalDataEraser {

    private final PreferenceRepository repository;

    PreferenceEraser(PreferenceRepository repository) {
        this.repository = repository;
    }

    @Override
    public String name() {
        return "contact_preference";
    }

    @Override
    public int erase(long contactId) {
        return repository.delete(contactId);
    }
}
