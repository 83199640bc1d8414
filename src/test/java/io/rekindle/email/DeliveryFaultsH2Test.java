package io.rekindle.email;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.io.TempDir;

/** The delivery faults on H2: a file database that outlives the app instances, as the embedded default keeps. */
class DeliveryFaultsH2Test extends DeliveryFaultsTestBase {

    @TempDir
    Path folder;

    @Override
    String[] freshDatabase() {
        return new String[] {"jdbc:h2:file:" + folder.resolve("faults-" + UUID.randomUUID()), "sa", ""};
    }
}
