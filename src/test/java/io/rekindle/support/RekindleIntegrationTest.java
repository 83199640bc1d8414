package io.rekindle.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole app in this JVM on a random port, driven over HTTP, with the set-up every such test shares in one place:
 * the {@code test} profile, a real SMTP server and a local SMS provider ({@link TestServers}), and an app of its own
 * per test class on a fresh database of the kind {@link TestDatabase#current()} names ({@link OwnDatabase}). Run on
 * H2 and on PostgreSQL ({@link BothDatabases}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BothDatabases
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestServers.class)
public @interface RekindleIntegrationTest {

    /** Settings of this scenario, as {@link SpringBootTest#properties()}. */
    @AliasFor(annotation = SpringBootTest.class)
    String[] properties() default {};
}
