package io.rekindle.simulation;

import java.util.List;

/**
 * What the persona would receive, and where each journey it went through ended. A message written after a variant
 * split names the experiment and the arm the persona took ({@code experimentArm}; null without a split).
 * {@code experiments}: every variant split the persona went through and the arm it took there, whether or not a
 * message followed.
 */
public record SimulationResult(String journey, List<Message> messages, List<Journey> journeys,
        List<ExperimentArm> experiments, List<String> notes) {

    public record ExperimentArm(String experiment, String arm) {
    }

    public record Message(int day, String at, String journey, String step, String channel, String template,
            String subject, String status, String skipReason, boolean withOffer, String experiment,
            String experimentArm) {
    }

    public record Journey(String journey, int version, int startedDay, Integer endedDay, String endedAt,
            String endEvent) {
    }
}
