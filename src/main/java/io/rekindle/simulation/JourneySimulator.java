package io.rekindle.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rekindle.engine.ProcessModels;
import io.rekindle.experiment.Arm;
import io.rekindle.experiment.VariantSpec;
import io.rekindle.system.FieldProblemException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.util.FileSystemUtils;

/**
 * Runs a persona through the deployed journeys without touching real contacts or sending anything: the latest
 * deployed models go to a separate JVM ({@link SimulationMain}) with an in-memory database and engine of its own,
 * whose clock the simulation drives. That JVM gets none of this application's environment (database URL, SMS and
 * mail switches and credentials, JAVA_TOOL_OPTIONS…): only what a JVM needs to run, a working folder of its own,
 * and {@link SimulationMain}'s own settings. One simulation at a time: another one meanwhile is refused at once
 * ({@link Busy}, 503).
 */
@Service
class JourneySimulator {

    private static final Logger log = LoggerFactory.getLogger(JourneySimulator.class);
    /** What the simulation's JVM may inherit: what a JVM and its locale need, nothing the application reads. */
    private static final Set<String> INHERITED = Set.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
            "TMPDIR", "JAVA_HOME", "SystemRoot", "WINDIR", "TEMP", "TMP");

    private final ProcessModels models;
    private final ObjectMapper json;
    private final Duration timeout;
    private final Semaphore oneAtATime = new Semaphore(1);

    JourneySimulator(ProcessModels models, ObjectMapper json,
            @Value("${rekindle.simulator.timeout:PT2M}") Duration timeout) {
        this.models = models;
        this.json = json;
        this.timeout = timeout;
    }

    /** Thrown when another simulation is running (the caller retries shortly). */
    static final class Busy extends RuntimeException {
        Busy() {
            super("A simulation is running; try again in a few seconds.");
        }
    }

    SimulationResult simulate(SimulationRequest request) throws IOException, InterruptedException {
        checkChosenArms(request.persona().chosenArms(), declaredExperiments());
        if (!oneAtATime.tryAcquire()) {
            throw new Busy();
        }
        Path dir = Files.createTempDirectory("rekindle-simulation");
        try {
            Path input = dir.resolve("request.json");
            json.writeValue(input.toFile(), request);
            Path models = Files.createDirectory(dir.resolve("models"));
            exportDeployedModels(models);
            Path output = dir.resolve("result.json");
            List<String> command = new ArrayList<>(javaCommand());
            command.addAll(List.of(input.toString(), models.toString(), output.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("simulation.log").toFile());
            Map<String, String> environment = builder.environment();
            Map<String, String> inherited = childEnvironment(environment);
            environment.clear();
            environment.putAll(inherited);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("The simulation took longer than " + timeout);
            }
            if (process.exitValue() != 0 || !Files.exists(output)) {
                Path error = dir.resolve("result.json.error");
                log.warn("Simulation failed (exit {}); log:\n{}", process.exitValue(),
                        tail(dir.resolve("simulation.log")));
                throw new IllegalStateException("The simulation failed: "
                        + (Files.exists(error) ? Files.readString(error) : "see the application log"));
            }
            return json.readValue(output.toFile(), SimulationResult.class);
        } finally {
            FileSystemUtils.deleteRecursively(dir);
            oneAtATime.release();
        }
    }

    /** The part of this process's environment the simulation's JVM gets. */
    static Map<String, String> childEnvironment(Map<String, String> parent) {
        Map<String, String> child = new HashMap<>();
        parent.forEach((name, value) -> {
            if (INHERITED.contains(name) || name.startsWith("LC_")) {
                child.put(name, value);
            }
        });
        return child;
    }

    /** The latest version of every deployed process and decision file. */
    private void exportDeployedModels(Path models) throws IOException {
        List<ProcessModels.Definition> latest = new ArrayList<>(this.models.latestProcessDefinitions());
        latest.addAll(this.models.latestDecisionDefinitions());
        for (ProcessModels.Definition definition : latest) {
            Path target = models.resolve(Path.of(definition.resourceName()).getFileName().toString());
            if (!Files.exists(target)) {
                Files.write(target, this.models.resource(definition.deploymentId(), definition.resourceName()));
            }
        }
    }

    /**
     * Every arm the persona chooses must be one the deployed split of that experiment declares: otherwise the split
     * would take an arm no outgoing flow expects (names were checked against their patterns, nothing is evaluated).
     */
    private static void checkChosenArms(Map<String, String> chosen, Map<String, VariantSpec> declared) {
        chosen.forEach((experiment, arm) -> {
            VariantSpec split = declared.get(experiment);
            if (split == null) {
                throw new FieldProblemException("persona.arms", "no split of the deployed journeys runs experiment "
                        + experiment + (declared.isEmpty() ? "" : "; they run "
                        + String.join(", ", declared.keySet())));
            }
            if (!split.declares(arm)) {
                throw new FieldProblemException("persona.arms", "arm " + arm + " is not an arm of experiment "
                        + experiment + "; its arms are " + String.join(", ", split.arms().stream().map(Arm::name)
                        .toList()));
            }
        });
    }

    /** The experiments the "Split into variants" steps of the latest deployed processes declare, by id. */
    private Map<String, VariantSpec> declaredExperiments() {
        Map<String, VariantSpec> declared = new LinkedHashMap<>();
        for (Map<String, String> inputs : models.latestStepInputs(VariantSpec.DELEGATE)) {
            try {
                VariantSpec spec = VariantSpec.parse(inputs);
                declared.put(spec.id(), spec);
            } catch (IllegalArgumentException e) {
                // a split the engine would refuse to run: the simulation reports its failure as a note
            }
        }
        return declared;
    }

    /** The same Java, classes and libraries as this application, whether it runs from its jar or a class path. */
    private static List<String> javaCommand() throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-Duser.timezone=UTC"));
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator) && bootJar(classPath)) {
            command.addAll(List.of("-cp", classPath, "-Dloader.main=" + SimulationMain.class.getName(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.addAll(List.of("-cp", classPath, SimulationMain.class.getName()));
        }
        return command;
    }

    private static boolean bootJar(String path) throws IOException {
        try (JarFile jar = new JarFile(path)) {
            return jar.getEntry("BOOT-INF/") != null;
        }
    }

    private static String tail(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        }
    }
}
