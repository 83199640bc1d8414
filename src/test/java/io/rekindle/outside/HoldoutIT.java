package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.experiment.Arm;
import io.rekindle.experiment.Assignment;
import io.rekindle.support.BothDatabases;

import org.junit.jupiter.api.Test;

/**
 * A win-back holdout as shipped: the jar started with {@code REKINDLE_EXPERIMENTS_HOLDOUT_INACTIVEWINBACK_SHARE}, a
 * few existing customers found inactive by a classification run; the treated ones receive « vous nous manquez » at
 * the SMTP server, the held-out ones nothing, and their outbox rows, journey and contact page say why.
 */
@BothDatabases
class HoldoutIT extends OutsideInTest {

    /** The shipped function, written out: which contacts the jar must hold out. */
    private static final Assignment WINBACK = new Assignment("holdout:inactive-winback",
            List.of(new Arm("holdout", 5000), new Arm("treated", 5000)));

    @Override
    Map<String, String> settings() {
        return Map.of("REKINDLE_EXPERIMENTS_HOLDOUT_INACTIVEWINBACK_SHARE", "50");
    }

    @Test
    void heldOutCustomersWalkTheWinBackButReceiveNothing() {
        List<Long> held = new ArrayList<>();
        List<Long> treated = new ArrayList<>();
        for (int i = 0; i < 20 && (held.size() < 2 || treated.size() < 2); i++) {
            long id = signUp("oi-ho-" + i, "ho" + i + "@example.com", null, "Hugo", "fr", true, false, longAgo());
            (WINBACK.armFor(id).equals("holdout") ? held : treated).add(id);
        }
        assertThat(held).hasSizeGreaterThanOrEqualTo(2);
        assertThat(treated).hasSizeGreaterThanOrEqualTo(2);

        classificationRun();

        for (long id : treated) {
            assertThat(operator.variable(operator.instanceOf("inactive-winback", id), "experimentArm").asText())
                    .isEqualTo("treated");
            awaitEmails(address(id), 1);
        }
        quietPeriod();
        for (long id : held) {
            String winBack = operator.instanceOf("inactive-winback", id);
            assertThat(operator.variable(winBack, "experimentArm").asText()).isEqualTo("holdout");
            assertThat(operator.passed(winBack)).contains("Task_SendMissYouEmail");
            assertThat(mailbox.to(address(id))).as("a holdout receives nothing").isEmpty();
            JsonNode rows = outbox(id);
            assertThat(rows).singleElement().satisfies(row -> {
                assertThat(row.get("status").asText()).isEqualTo("SKIPPED");
                assertThat(row.get("skipReason").asText()).isEqualTo("HOLDOUT");
            });
            assertThat(contact(id).get("experiments")).anySatisfy(g -> {
                assertThat(g.get("experiment").asText()).isEqualTo("holdout:inactive-winback");
                assertThat(g.get("arm").asText()).isEqualTo("holdout");
                assertThat(g.get("recorded").asBoolean()).isTrue();
            });
        }
        for (long id : treated) {
            assertThat(mailbox.to(address(id))).hasSize(1);
        }
        assertThat(operator.openIncidents()).as(operator.incidents()).isZero();
    }

    private String address(long id) {
        return api.get("/api/contacts/" + id).expect(200).json().get("email").asText();
    }
}
