package io.rekindle;

import java.util.TimeZone;

import javax.xml.datatype.DatatypeFactory;

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
        // the engine asks for a DatatypeFactory at every timer it sets (a sign-up's J+30, each step's next wait); unnamed,
        // the JDK looks for a provider through every jar nested in ours each time: 13 % of a sign-up's CPU in the
        // packaged jar. No jar of ours provides one, so naming the JDK's own changes nothing but the search.
        if (System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY) == null) {
            System.setProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY,
                    DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
        }
        SpringApplication.run(RekindleApplication.class, args);
    }
}
