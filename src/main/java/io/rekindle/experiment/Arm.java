package io.rekindle.experiment;

/**
 * One arm of an experiment and its integer weight: holdout 5 / A 50 / B 45 sends 5 %, 50 % and 45 % of contacts
 * to each. A weight of 0 keeps the arm declared but empty (a stopped variant).
 */
public record Arm(String name, int weight) {

    public Arm {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("An arm needs a name.");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("Arm " + name + " has a negative weight: " + weight + ".");
        }
    }
}
