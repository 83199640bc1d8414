package io.rekindle.support.coverage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What the tests made the journeys do: flow nodes entered and sequence flows taken, per process id. The suite runs
 * in several JVMs (Surefire's forks): each writes what it saw to its own file of {@link #RECORDS} when it exits
 * ({@value #FORK_PROPERTY}, set per fork in pom.xml), and the gate, run after them, reads them all.
 */
public final class ProcessCoverage {

    /** Which fork this JVM is ("fork-N", Surefire's number), its records' file in {@link #RECORDS}; absent: none. */
    static final String FORK_PROPERTY = "rekindle.process-coverage.fork";
    /** The folder of the forks' records. */
    static final Path RECORDS = Path.of("target", "process-test-coverage", "forks");

    private static final Map<String, Set<String>> NODES = new ConcurrentHashMap<>();
    private static final Map<String, Set<String>> FLOWS = new ConcurrentHashMap<>();

    static {
        String fork = System.getProperty(FORK_PROPERTY, "");
        if (!fork.isBlank()) {
            Path file = RECORDS.resolve(fork + ".txt");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> write(file), "process-coverage"));
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
        Map<String, Set<String>> nodes = new HashMap<>();
        Map<String, Set<String>> flows = new HashMap<>();
        if (!Files.isDirectory(RECORDS)) {
            return new Recorded(nodes, flows);
        }
        try (Stream<Path> files = Files.list(RECORDS)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.split(" ");
                    (fields[0].equals("node") ? nodes : flows)
                            .computeIfAbsent(fields[1], k -> new HashSet<>()).add(fields[2]);
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
