package io.rekindle.support.coverage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What the tests made the journeys do: flow nodes entered and sequence flows taken, per process id. The suite runs
 * in several JVMs (Surefire's forks): each writes what it saw to its own file of {@link #RECORDS} when it exits
 * ({@value #FILE_PROPERTY}, set per fork in pom.xml), and the gate, run after them, reads them all.
 */
public final class ProcessCoverage {

    /** Where a fork writes its records; blank or absent: nowhere (a class run alone from the IDE). */
    static final String FILE_PROPERTY = "rekindle.process-coverage.file";
    /** The folder of the forks' records. */
    static final Path RECORDS = Path.of("target", "process-test-coverage", "forks");

    private static final Map<String, Set<String>> NODES = new ConcurrentHashMap<>();
    private static final Map<String, Set<String>> FLOWS = new ConcurrentHashMap<>();

    static {
        String file = System.getProperty(FILE_PROPERTY, "");
        if (!file.isBlank()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> write(Path.of(file)), "process-coverage"));
        }
    }

    private ProcessCoverage() {
    }

    static void node(String processDefinitionId, String activityId) {
        NODES.computeIfAbsent(key(processDefinitionId), k -> ConcurrentHashMap.newKeySet()).add(activityId);
    }

    static void flow(String processDefinitionId, String flowId) {
        FLOWS.computeIfAbsent(key(processDefinitionId), k -> ConcurrentHashMap.newKeySet()).add(flowId);
    }

    /** Everything the forks recorded. */
    record Recorded(Map<String, Set<String>> nodes, Map<String, Set<String>> flows) {

        boolean anything() {
            return !nodes.isEmpty();
        }
    }

    /** The union of the records every fork of this run wrote in {@link #RECORDS}. */
    static Recorded read() throws IOException {
        Map<String, Set<String>> nodes = new ConcurrentHashMap<>();
        Map<String, Set<String>> flows = new ConcurrentHashMap<>();
        if (!Files.isDirectory(RECORDS)) {
            return new Recorded(nodes, flows);
        }
        try (Stream<Path> files = Files.list(RECORDS)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.split(" ");
                    (fields[0].equals("node") ? nodes : flows)
                            .computeIfAbsent(fields[1], k -> ConcurrentHashMap.newKeySet()).add(fields[2]);
                }
            }
        }
        return new Recorded(nodes, flows);
    }

    private static void write(Path file) {
        List<String> lines = new ArrayList<>();
        NODES.forEach((process, ids) -> ids.forEach(id -> lines.add("node " + process + " " + id)));
        FLOWS.forEach((process, ids) -> ids.forEach(id -> lines.add("flow " + process + " " + id)));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String processDefinitionId) {
        return processDefinitionId.split(":")[0];
    }
}
