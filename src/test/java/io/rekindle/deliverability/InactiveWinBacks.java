package io.rekindle.deliverability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.rekindle.contact.ContactService;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.support.Api;
import io.rekindle.support.TimeMachine;
import io.rekindle.system.Times;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the ramp's win-back tests start from: inactive contacts in no journey, and a daily classification run. */
final class InactiveWinBacks {

    private InactiveWinBacks() {
    }

    /**
     * A contact signed up 400 days before {@code today}, one purchase 300 days before, an email opened
     * {@code openDaysAgo}: INACTIVE at the next classification, in no journey (its sign-up's is deleted).
     */
    static long inactiveContact(ContactService contacts, JdbcClient jdbc, ProcessEngine engine, Instant today,
            int openDaysAgo) {
        String externalId = "inactive-" + UUID.randomUUID();
        long id = contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, "Robin", "en", true,
                false)).orElseThrow().id();
        jdbc.sql("""
                UPDATE contact SET signed_up_at = ?, last_purchase_at = ?, last_email_open_at = ?, purchase_count = 1,
                       revenue = 40 WHERE id = ?""")
                .params(Times.utc(today.minus(Duration.ofDays(400))), Times.utc(today.minus(Duration.ofDays(300))),
                        Times.utc(today.minus(Duration.ofDays(openDaysAgo))), id).update();
        engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list()
                .forEach(p -> engine.getRuntimeService().deleteProcessInstance(p.getId(), "signed up long ago"));
        return id;
    }

    /** The daily classification, started over HTTP and run to its end: entries published, the day's slots given. */
    static void runClassification(int port, TimeMachine time) {
        Api api = new Api(port);
        Api.Response started = api.post("/api/classification/runs", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        time.runDueJobs();
        assertThat(api.get("/api/classification/runs/" + started.json().get("id").asLong()).json().get("status")
                .asText()).isEqualTo("FINISHED");
    }
}
