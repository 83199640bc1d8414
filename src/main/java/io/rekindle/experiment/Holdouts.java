package io.rekindle.experiment;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.rekindle.engine.JourneyStartListener;

import org.springframework.stereotype.Service;

/**
 * The holdouts: who is in the global control group (no marketing from any journey) and who follows a journey
 * without being sent anything (its holdout), and why a message is therefore held back.
 *
 * <p>Each is an {@link Assignment} over two arms, weighted by the configured share (in hundredths of a percent), with
 * its own salt. The arm is recorded with the contact ({@link ContactExperiments}) the first time it matters: entering
 * a journey that has a holdout, any journey or message while the global group is on. A recorded arm wins over the
 * hash: changing a share moves the contacts not yet recorded only. A share of 0 turns the holdout off for everyone,
 * recorded or not (the records stay, for the figures).
 *
 * <p>Journeys show their arms in Cockpit: {@value #VAR_ARM} ({@value #HOLDOUT} or {@value #TREATED}) on a journey
 * that has a holdout, {@value #VAR_GLOBAL_ARM} ({@value #CONTROL} or {@value #TREATED}) while the global group is on;
 * a journey called by another inherits both, and the variant arm a split gave ({@link Variants}).
 */
@Service
public class Holdouts implements JourneyStartListener {

    public static final String GLOBAL_CONTROL = "global-control";
    public static final String CONTROL = "control";
    public static final String HOLDOUT = "holdout";
    public static final String TREATED = "treated";
    /** Process variable: the contact's arm in this journey's holdout. */
    public static final String VAR_ARM = "experimentArm";
    /** Process variable: the contact's arm in the global control group. */
    public static final String VAR_GLOBAL_ARM = "globalControlArm";
    /** Skip reasons of the outbox rows a holdout keeps back ("would have received"). */
    public static final String REASON_CONTROL_GROUP = "CONTROL_GROUP";
    public static final String REASON_HOLDOUT = "HOLDOUT";

    private static final int WHOLE = 10_000; // a share in hundredths of a percent

    private final ContactExperiments recorded;
    private final ExperimentProperties properties;
    private final Clock clock;
    private final Optional<Assignment> globalControl;
    private final Set<String> transactional;

    Holdouts(ContactExperiments recorded, ExperimentProperties properties, Clock clock) {
        this.recorded = recorded;
        this.properties = properties;
        this.clock = clock;
        this.globalControl = assignment(properties.globalControl().salt(), properties.globalControl().share(),
                CONTROL);
        this.transactional = properties.transactional();
    }

    /** The name a journey's holdout is recorded under. */
    public static String holdoutOf(String processKey) {
        return HOLDOUT + ":" + processKey;
    }

    @Override
    public void starting(StartingJourney journey) {
        if (journey.called()) { // a step of the calling journey: same arms, nothing recorded again
            for (String name : List.of(VAR_ARM, VAR_GLOBAL_ARM, Variants.VAR_ARM, Variants.VAR_EXPERIMENT)) {
                Object arm = journey.callerVariable(name);
                if (arm != null) {
                    journey.setVariable(name, arm);
                }
            }
            return;
        }
        Long contactId = contactId(journey.businessKey());
        if (contactId == null) {
            return; // not a contact's journey (the daily classification, an erasure)
        }
        if (globalControl.isPresent()) {
            journey.setVariable(VAR_GLOBAL_ARM, globalArm(contactId));
        }
        Optional<Assignment> holdout = journeyHoldout(journey.processKey());
        if (holdout.isPresent()) {
            journey.setVariable(VAR_ARM, recorded.recordIfAbsent(contactId, holdoutOf(journey.processKey()),
                    holdout.get().armFor(contactId), clock.instant()));
        }
    }

    /**
     * Why a message for this contact is held back, or null when it may go: its template is not transactional and
     * the contact is in the global control group ({@value #REASON_CONTROL_GROUP}) or follows the journey as part of
     * its holdout ({@value #REASON_HOLDOUT}, as the journey's {@value #VAR_ARM} says).
     */
    public String holdback(long contactId, String template, Object journeyArm) {
        return transactional.contains(template) ? null : marketingHoldback(contactId, journeyArm);
    }

    /** Whether every marketing message of this journey for this contact is held back (see {@link #holdback}). */
    public boolean holdsBackMarketing(long contactId, Object journeyArm) {
        return marketingHoldback(contactId, journeyArm) != null;
    }

    private String marketingHoldback(long contactId, Object journeyArm) {
        if (inGlobalControl(contactId)) {
            return REASON_CONTROL_GROUP;
        }
        return HOLDOUT.equals(journeyArm) ? REASON_HOLDOUT : null;
    }

    /** In the global control group (recorded now if it was not yet); false while the group is off. */
    public boolean inGlobalControl(long contactId) {
        return globalControl.isPresent() && CONTROL.equals(globalArm(contactId));
    }

    /** Whether this template is sent whatever the holdouts say (farewell, welcome…). */
    public boolean transactional(String template) {
        return transactional.contains(template);
    }

    /**
     * The contact's arms: the recorded ones, and while the global group is on and has not reached the contact yet,
     * the arm the hash gives today. A journey's holdout concerns its entrants only: recorded at entry, or none.
     */
    public List<Group> groups(long contactId) {
        List<Group> groups = new ArrayList<>(recorded.of(contactId));
        if (globalControl.isPresent() && groups.stream().noneMatch(g -> g.experiment().equals(GLOBAL_CONTROL))) {
            groups.add(new Group(GLOBAL_CONTROL, globalControl.get().armFor(contactId), false, null));
        }
        return groups;
    }

    private String globalArm(long contactId) {
        return recorded.recordIfAbsent(contactId, GLOBAL_CONTROL, globalControl.orElseThrow().armFor(contactId),
                clock.instant());
    }

    private Optional<Assignment> journeyHoldout(String processKey) {
        return properties.holdoutOf(processKey).flatMap(h -> assignment(h.saltOr(holdoutOf(processKey)), h.share(),
                HOLDOUT));
    }

    /** Two arms, {@code heldBack} first, or none when the share is 0. */
    private static Optional<Assignment> assignment(String salt, BigDecimal share, String heldBack) {
        int weight = share.movePointRight(2).intValueExact();
        return weight == 0 ? Optional.empty()
                : Optional.of(new Assignment(salt, List.of(new Arm(heldBack, weight), new Arm(TREATED, WHOLE - weight))));
    }

    private static Long contactId(String businessKey) {
        if (businessKey == null || businessKey.isEmpty() || businessKey.length() > 18
                || !businessKey.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(businessKey);
    }
}
