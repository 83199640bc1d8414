package io.rekindle.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class the build runs twice, on H2 and on PostgreSQL ({@link TestDatabase#current()} says which this time):
 * one class per scenario, not a copy per database. The PostgreSQL executions in pom.xml select this tag.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(BothDatabases.TAG)
@ExtendWith(TestDatabase.Available.class)
public @interface BothDatabases {

    String TAG = "both-databases";
}
