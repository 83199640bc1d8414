package io.rekindle.experiment;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import io.rekindle.system.ConflictException;
import io.rekindle.system.FieldProblemException;
import io.rekindle.system.NotFoundException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The variant experiments a journey's "Split into variants" step runs: which arm a contact takes.
 *
 * <p>While the experiment runs, the arm is the {@link Assignment} of the contact under the salt and arms the
 * experiment was registered with (by its first entrant), recorded with the contact ({@link ContactExperiments}) and
 * never changed: a contact reaching the split again, on any node, after any restart, keeps it. Once stopped, a contact
 * with a recorded arm keeps it and every new entrant takes the winner, unrecorded (they are not part of the
 * comparison). A diagram declaring other arms or another salt for a registered id fails with a readable message:
 * changing a running experiment would move contacts between arms.
 */
@Service
public class Variants {

    /** Process variable: the contact's arm in the last variant split it went through (e.g. {@code B}). */
    public static final String VAR_ARM = "variantArm";
    /** Process variable: the experiment of that split. */
    public static final String VAR_EXPERIMENT = "variantExperiment";

    private final VariantRegistry registry;
    private final ContactExperiments recorded;
    private final Clock clock;

    Variants(VariantRegistry registry, ContactExperiments recorded, Clock clock) {
        this.registry = registry;
        this.recorded = recorded;
        this.clock = clock;
    }

    /**
     * The arm whose path this contact takes in the experiment the split declares (registering it on its first
     * entrant). {@code heldOut}: the journey sends the contact nothing (its holdout, or the global control group); it
     * still walks an arm's path, silently, but is recorded in the experiment's {@value Holdouts#HOLDOUT} arm, the
     * control the arms are then compared with.
     */
    @Transactional
    public String armOf(VariantSpec spec, String journey, long contactId, boolean heldOut) {
        VariantRegistry.Registered experiment = registry.find(spec.id())
                .orElseGet(() -> registry.registerIfAbsent(spec, journey, clock.instant()));
        if (!experiment.arms().equals(spec.armsText()) || !experiment.salt().equals(spec.salt())) {
            throw new IllegalArgumentException("Split into variants: experiment " + spec.id() + " already runs with"
                    + " arms " + experiment.arms() + (experiment.salt().equals(spec.salt()) ? "" : " and another salt")
                    + "; this diagram declares " + spec.armsText() + ". A running experiment cannot change: stop it"
                    + " and give the new split a new experiment id.");
        }
        String hashed = spec.assignment().armFor(contactId);
        if (experiment.stopped()) {
            return recorded.arm(contactId, spec.id()).filter(spec::declares).orElse(experiment.winner());
        }
        String arm = recorded.recordIfAbsent(contactId, spec.id(), heldOut ? Holdouts.HOLDOUT : hashed,
                clock.instant());
        return spec.declares(arm) ? arm : hashed;
    }

    /**
     * Records {@code arm} as the contact's arm in {@code experiment} before the contact reaches its split, which then
     * takes it instead of the hash (a contact keeps its recorded arm). For the journey simulator's persona, whose
     * marketing ops choose the arm to preview; the caller checks that the experiment declares it.
     */
    @Transactional
    public void assignAhead(long contactId, String experiment, String arm) {
        recorded.recordIfAbsent(contactId, experiment, arm, clock.instant());
    }

    /** Whether a split of {@code experiment} has had its first entrant (the experiment is registered). */
    public boolean registered(String experiment) {
        return registry.find(experiment).isPresent();
    }

    /**
     * Stops a running experiment: {@code winner} (an arm of it), or when null the one {@code best} names. From then
     * on new entrants take the winner; contacts already assigned keep their arm. One conditional update: a second
     * stop, even a concurrent one, is a conflict and changes nothing.
     */
    @Transactional
    VariantRegistry.Registered stop(String id, String winner, Supplier<Optional<String>> best) {
        VariantRegistry.Registered experiment = registry.find(id).orElseThrow(() -> new NotFoundException(
                id.startsWith(Holdouts.HOLDOUT + ":") || id.equals(Holdouts.GLOBAL_CONTROL)
                        ? "No variant experiment " + id + ": a holdout is stopped by setting its share to 0."
                        : "No variant experiment " + id + " (one exists once its first contact reaches the split)."));
        if (experiment.stopped()) {
            throw new ConflictException("Experiment " + id + " was stopped already, with winner "
                    + experiment.winner() + ".");
        }
        String chosen = winner;
        if (chosen == null) {
            chosen = best.get().orElseThrow(() -> new ConflictException("Experiment " + id + " has no contacts yet:"
                    + " name the winner ({\"winner\": \"B\"})."));
        } else if (experiment.spec().arms().stream().noneMatch(a -> a.name().equals(winner))) {
            throw new FieldProblemException("winner", "must be one of the experiment's arms: " + experiment.arms());
        }
        if (!registry.stop(id, chosen, clock.instant())) {
            throw new ConflictException("Experiment " + id + " was stopped meanwhile.");
        }
        return registry.find(id).orElseThrow();
    }
}
