package io.rekindle.engine;

/**
 * What a {@link JourneyStep} sees of the journey it runs in: its variables, its identity, the inputs the
 * Modeler set on the step. Our own type, so that delegates do not know the engine.
 */
public interface Step {

    /** A process variable (visible from this step), {@code null} when not set. */
    Object variable(String name);

    /** Sets a process variable (on the process instance, or the scope that already holds it). */
    void setVariable(String name, Object value);

    default <T> T get(Variable<T> variable) {
        return variable.type().cast(variable(variable.name()));
    }

    default <T> void set(Variable<T> variable, T value) {
        setVariable(variable.name(), value);
    }

    /** A local input parameter of the step, as the Modeler's element template sets it; {@code null} if absent. */
    Object input(String name);

    String businessKey();

    String processInstanceId();

    /** The id of the step in the diagram, e.g. {@code Task_SendRelaunch1}. */
    String activityId();

    /** The id of the process (journey) the step belongs to, e.g. {@code new-signup-relaunch}. */
    String processKey();
}
