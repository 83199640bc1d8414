package io.rekindle.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.EventType;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.events.EventIntake;
import io.rekindle.events.EventRequest;
import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxService;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Check-then-act races closed by the database: two requests for the same contact at the same moment, many times
 * over. Each round fires both through the public entry points from two threads released by one barrier.
 */
@RekindleIntegrationTest
class ComebackRacesTest {

    private static final int ROUNDS = 30;

    @Autowired
    ProcessEngine engine;
    @Autowired
    ContactService contacts;
    @Autowired
    EventIntake events;
    @Autowired
    OutboxService outbox;

    static ExecutorService threads;

    @BeforeAll
    static void startThreads() {
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void twoComebacksAtOnceOfARemovedContactSendOneWelcomeBack() throws Exception {
        TimeMachine time = new TimeMachine(engine.getManagementService());
        for (int round = 0; round < ROUNDS; round++) {
            Contact contact = longStandingContact("Zoé");
            contacts.suppress(contact.id(), Reactivation.SUPPRESSED_BY_FINAL_REMOVAL, time.now());

            atOnce(() -> events.accept(new EventRequest(contact.id(), null, EventType.VISIT, null, null, null, null,
                    null)), () -> events.accept(new EventRequest(contact.id(), null, EventType.PURCHASE, null, null,
                    new BigDecimal("12.50"), null, null)), round);
            time.runDueJobs();

            assertThat(journeys(contact, Journeys.WELCOME_BACK)).as("welcome-back journeys, round %d", round)
                    .isEqualTo(1);
            assertThat(outbox.find(contact.id(), null, 10)).extracting(OutboxMessage::template)
                    .as("emails, round %d", round).containsExactly("welcome-back");
            assertThat(contacts.find(contact.id()).orElseThrow().suppressedAt()).isNull();
        }
    }

    @Test
    void twoWinBackStartsAtOnceEnterTheContactOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Contact contact = longStandingContact("Yann");
            Runnable enteredInactive = () -> engine.getRuntimeService().createMessageCorrelation("ContactEnteredSegment")
                    .processInstanceBusinessKey(String.valueOf(contact.id()))
                    .setVariables(Map.of(Journeys.VAR_CONTACT_ID, contact.id(), "segment", "INACTIVE"))
                    .correlateStartMessage();

            atOnce(enteredInactive, enteredInactive, round);

            assertThat(journeys(contact, Journeys.INACTIVE_WINBACK)).as("win-backs started, round %d", round)
                    .isEqualTo(2);
            assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().variableName("winBackEntry")
                    .list().stream()
                    .filter(v -> engine.getHistoryService().createHistoricProcessInstanceQuery()
                            .processInstanceId(v.getProcessInstanceId())
                            .processInstanceBusinessKey(String.valueOf(contact.id())).count() == 1)
                    .filter(v -> "ELIGIBLE".equals(v.getValue())).count())
                    .as("win-back entries, round %d", round).isEqualTo(1);
            assertThat(engine.getRuntimeService().createProcessInstanceQuery()
                    .processInstanceBusinessKey(String.valueOf(contact.id())).count())
                    .as("win-backs running, round %d", round).isEqualTo(1);
        }
    }

    /** Runs both at the same instant from two threads; rethrows what either threw. */
    private static void atOnce(Runnable first, Runnable second, int round) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<?>> both = new ArrayList<>();
        for (Runnable request : List.of(first, second)) {
            both.add(threads.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                request.run();
                return null;
            }));
        }
        for (Future<?> request : both) {
            request.get(60, TimeUnit.SECONDS);
        }
    }

    private long journeys(Contact contact, String processKey) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(processKey)
                .processInstanceBusinessKey(String.valueOf(contact.id())).count();
    }

    /** A contact who signed up long ago: no relaunch running any more. */
    private Contact longStandingContact(String firstName) {
        String externalId = "race-" + UUID.randomUUID();
        Contact contact = contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, firstName,
                "fr", true, false)).orElseThrow();
        engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(contact.id()))
                .list().forEach(p -> engine.getRuntimeService().deleteProcessInstance(p.getId(), "signed up long ago"));
        return contact;
    }
}
