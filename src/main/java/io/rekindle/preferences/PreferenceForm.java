package io.rekindle.preferences;

import java.util.List;

/**
 * The page's form as posted: the channels and topics ticked (those left out are off), the frequency, and
 * {@code action} "unsubscribe-all" for the button that unsubscribes from everything.
 */
record PreferenceForm(List<String> channel, List<String> topic, String frequency, String action) {

    static final String UNSUBSCRIBE_ALL = "unsubscribe-all";

    PreferenceForm {
        channel = channel == null ? List.of() : List.copyOf(channel);
        topic = topic == null ? List.of() : List.copyOf(topic);
    }

    boolean unsubscribeAll() {
        return UNSUBSCRIBE_ALL.equals(action);
    }
}
