package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * bpmnlint with the Camunda 7.24 compatibility rules ({@code .bpmnlintrc}) on {@code bpmn/}, from the test command:
 * what Camunda Modeler's problems panel would show. Needs Node (pinned packages in {@code src/test/model-lint}, installed
 * from the npm registry on first run); without Node it is skipped, except in CI where it must run.
 */
class ModelLintTest {

    private static final Path TOOL = Path.of("src", "test", "model-lint");

    @Test
    void everyDiagramIsCleanForCamundaModeler() throws Exception {
        if (run(List.of("node", "--version"), Path.of("."), 10).exitCode() != 0) {
            assertThat(System.getenv("CI")).as("CI must lint the diagrams: install Node").isNotEqualTo("true");
            Assumptions.abort("model lint skipped: no Node on this machine");
        }
        if (!Files.isDirectory(TOOL.resolve("node_modules"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), TOOL, 300);
            assertThat(install.exitCode()).as("npm ci in src/test/model-lint:\n" + install.output()).isZero();
        }

        Result lint = run(List.of("node", TOOL.resolve("lint.js").toString(), ".", "bpmn"), Path.of("."), 120);

        assertThat(lint.output()).contains("diagrams, 0 problems");
        assertThat(lint.exitCode()).as(lint.output()).isZero();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Path directory, int timeoutSeconds)
            throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return new Result(127, notInstalled.getMessage());
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(124, "timed out: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
