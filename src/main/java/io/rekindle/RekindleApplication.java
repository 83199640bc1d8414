package io.rekindle;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RekindleApplication {

    public static void main(String[] args) {
        SpringApplication.run(RekindleApplication.class, args);
    }
}
