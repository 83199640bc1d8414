package io.rekindle;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTest {

    @Test
    void featuresKeepTheirBoundaries() {
        ApplicationModules.of(RekindleApplication.class).verify();
    }
}
