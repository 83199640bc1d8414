package io.rekindle.engine;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A bean that expressions in our models may call besides the journey steps ({@link JourneyStep}), e.g.
 * {@code ${surveyAnswers.answered(execution.processInstanceId)}}. Any other bean is out of an expression's reach: a
 * model cannot read the link secret or the database settings through {@code ${environment…}}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ExpressionBean {
}
