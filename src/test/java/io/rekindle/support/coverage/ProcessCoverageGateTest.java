package io.rekindle.support.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs after the in-process suite, in an execution of its own (pom.xml, {@code process-coverage}: the suite's forks
 * have exited and written what they saw): the flow-node and sequence-flow coverage of each journey in {@code bpmn/}
 * by the whole suite, written to {@code target/process-test-coverage/index.html}, and a gate that fails the build
 * below the thresholds.
 */
class ProcessCoverageGateTest {

    /** Every flow node of every journey; sequence flows nearly so. */
    static final double MIN_NODES = 1.0;
    static final double MIN_FLOWS = 0.95;

    record Coverage(String process, Set<String> nodes, Set<String> coveredNodes, Set<String> flows,
            Set<String> coveredFlows) {

        double nodeRatio() {
            return nodes.isEmpty() ? 1 : (double) coveredNodes.size() / nodes.size();
        }

        double flowRatio() {
            return flows.isEmpty() ? 1 : (double) coveredFlows.size() / flows.size();
        }

        Set<String> missing() {
            Set<String> missing = new TreeSet<>(nodes);
            missing.removeAll(coveredNodes);
            Set<String> missingFlows = new TreeSet<>(flows);
            missingFlows.removeAll(coveredFlows);
            missing.addAll(missingFlows);
            return missing;
        }
    }

    @Test
    void everyJourneyIsCoveredByTheTests() throws IOException {
        // a run of chosen classes (-Dtest=…, which Surefire passes on to this JVM) covers only what they do
        Assumptions.assumeTrue(System.getProperty("test") == null, "coverage needs the whole suite: ./mvnw test");
        ProcessCoverage.Recorded recorded = ProcessCoverage.read();
        Assumptions.assumeTrue(recorded.anything(), "coverage needs the whole suite: ./mvnw test");
        List<Coverage> coverage = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
                BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
                String process = file.getFileName().toString().replace(".bpmn", "");
                Set<String> nodes = ids(model.getModelElementsByType(FlowNode.class).stream().map(FlowNode::getId));
                Set<String> flows = ids(model.getModelElementsByType(SequenceFlow.class).stream()
                        .map(SequenceFlow::getId));
                Set<String> coveredNodes = new TreeSet<>(recorded.nodes().getOrDefault(process, Set.of()));
                coveredNodes.retainAll(nodes);
                Set<String> coveredFlows = new TreeSet<>(recorded.flows().getOrDefault(process, Set.of()));
                // the engine does not "take" the flows after an event-based gateway: the event reached covers it
                model.getModelElementsByType(SequenceFlow.class).stream()
                        .filter(f -> f.getSource() instanceof EventBasedGateway)
                        .filter(f -> coveredNodes.contains(f.getTarget().getId()))
                        .forEach(f -> coveredFlows.add(f.getId()));
                coveredFlows.retainAll(flows);
                coverage.add(new Coverage(process, nodes, coveredNodes, flows, coveredFlows));
            }
        }
        Path report = Path.of("target", "process-test-coverage", "index.html");
        Files.createDirectories(report.getParent());
        Files.writeString(report, html(coverage));

        List<String> below = new ArrayList<>();
        for (Coverage c : coverage) {
            System.out.printf("process coverage %-24s nodes %3.0f %% (%d/%d)  flows %3.0f %% (%d/%d)%n", c.process(),
                    c.nodeRatio() * 100, c.coveredNodes().size(), c.nodes().size(), c.flowRatio() * 100,
                    c.coveredFlows().size(), c.flows().size());
            if (c.nodeRatio() < MIN_NODES || c.flowRatio() < MIN_FLOWS) {
                below.add(c.process() + " misses " + c.missing());
            }
        }
        assertThat(below).as("journeys below the coverage gate (see " + report + ")").isEmpty();
    }

    private static Set<String> ids(Stream<String> ids) {
        return new TreeSet<>(ids.toList());
    }

    private static String html(List<Coverage> coverage) {
        StringBuilder rows = new StringBuilder();
        for (Coverage c : coverage) {
            rows.append("<tr><td>").append(c.process()).append("</td><td>")
                    .append(String.format("%.0f %% (%d/%d)", c.nodeRatio() * 100, c.coveredNodes().size(),
                            c.nodes().size()))
                    .append("</td><td>").append(String.format("%.0f %% (%d/%d)", c.flowRatio() * 100,
                            c.coveredFlows().size(), c.flows().size()))
                    .append("</td><td>").append(String.join(", ", c.missing())).append("</td></tr>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="UTF-8"><title>Process test coverage</title>
                <style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>
                </head><body><h1>Process test coverage</h1>
                <p>Flow nodes entered and sequence flows taken by the whole test suite, per journey in bpmn/.
                Gate: %.0f %% of flow nodes, %.0f %% of sequence flows.</p>
                <table><tr><th>Journey</th><th>Flow nodes</th><th>Sequence flows</th><th>Not covered</th></tr>
                %s</table></body></html>
                """.formatted(MIN_NODES * 100, MIN_FLOWS * 100, rows);
    }
}
