package io.rekindle;

import java.util.TimeZone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RekindleApplication {

    public static void main(String[] args) {
        // timers without a zone and the engine's dates use the JVM zone: always UTC, however the jar is started
        // (people see dates in rekindle.mail.display-zone)
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        SpringApplication.run(RekindleApplication.class, args);
    }
}
