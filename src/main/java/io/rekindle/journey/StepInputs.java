package io.rekindle.journey;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The local input parameters a delegate reads, as the Modeler's element template sets them. A test holds the
 * templates in {@code bpmn/.camunda/element-templates} to exactly these names, so the two cannot drift apart.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StepInputs {

    String[] value();
}
