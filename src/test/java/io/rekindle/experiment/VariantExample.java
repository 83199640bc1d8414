package io.rekindle.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.camunda.bpm.engine.RepositoryService;

/**
 * The example diagram marketing ops copy from (docs/examples/variant-split-example.bpmn), deployed under a process id
 * and experiment id of its own, so that every test has an experiment nobody else touches.
 */
final class VariantExample {

    static final Path FILE = Path.of("docs/examples/variant-split-example.bpmn");

    private VariantExample() {
    }

    /** A fresh id for a process and its experiment. */
    static String newId() {
        return "variant-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The example's XML with this process and experiment id and these arms. */
    static String xml(String id, String arms) {
        try {
            return Files.readString(FILE).replace("relaunch-subject-example", id).replace("A:50,B:50", arms)
                    .replace("\"variant-split-example\"", "\"" + id + "\"");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deploys it through the engine's API (the diagram's process id = the experiment id); returns the id. */
    static String deploy(RepositoryService repository, String id, String arms) {
        repository.createDeployment().name(id).addString(id + ".bpmn", xml(id, arms)).deploy();
        return id;
    }
}
