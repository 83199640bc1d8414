package io.rekindle.engine;

/**
 * Told of every process instance as it starts, in the starting transaction, before its first step: started by code,
 * by a message, by a timer, from Cockpit or called by another journey. A feature that must mark a journey from its
 * very start (an experiment's arm, say) implements it as a bean. Keep it cheap: it runs on every start, the sign-up's
 * relaunch included.
 */
public interface JourneyStartListener {

    void starting(StartingJourney journey);

    /** The journey as it starts: what it was started with, and a place for more variables. */
    interface StartingJourney {

        /** The id of the process, e.g. {@code inactive-winback}. */
        String processKey();

        /** The business key ({@code null} for a process not about one contact). */
        String businessKey();

        /** A variable it was started with (or the caller passed in), {@code null} when not set. */
        Object variable(String name);

        /** Sets a process variable on the new instance. */
        void setVariable(String name, Object value);

        /** True when another journey called it (a call activity). */
        boolean called();

        /** A variable of the calling journey's instance, {@code null} when not set or not {@link #called()}. */
        Object callerVariable(String name);
    }
}
