package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.rekindle.support.PostgresDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An installation moves from Camunda 7.24 to Operaton on its database, as README "Engine" says: the Camunda build's
 * jar runs on PostgreSQL, people sign up and wait at J+30, it stops; the Operaton build's jar starts on the same
 * database. The waiting journeys are still there, their timers fire, an email arrives, a purchase ends a journey,
 * and the administrator is still one. Runs in the Operaton build only ({@code -Doperaton}), which passes the path of
 * the Camunda build's jar ({@code rekindle.camunda.jar}).
 */
@ExtendWith(PostgresDatabase.class)
class EngineSwitchPostgresIT extends OutsideInTest {

    private static final Path CAMUNDA_JAR = Path.of(System.getProperty("rekindle.camunda.jar",
            "target/rekindle.jar"));

    @Override
    Database database() {
        return Database.POSTGRES;
    }

    @Override
    Path jar() {
        assertThat(Files.isRegularFile(CAMUNDA_JAR)).as("the Camunda build's jar (./mvnw verify first): " + CAMUNDA_JAR)
                .isTrue();
        return CAMUNDA_JAR;
    }

    @Test
    void journeysStartedOnCamundaGoOnOnOperaton() {
        assertThat(api.get("/engine-rest/version").expect(200).json().get("version").asText()).startsWith("7.24");
        long paul = signUp("switch-paul", "paul@example.com", "Paul", "en");
        long lea = signUp("switch-lea", "lea@example.com", "Léa", "fr");
        String paulJourney = operator.instanceOf("new-signup-relaunch", paul);
        String leaJourney = operator.instanceOf("new-signup-relaunch", lea);
        // both wait for J+30 once their welcome has left
        operator.awaitTimer(paulJourney, "Timer_J30");
        operator.awaitTimer(leaJourney, "Timer_J30");
        assertThat(operator.waitsAt(paulJourney, "Timer_J30")).isTrue();
        String definitions = api.get("/engine-rest/process-definition?key=new-signup-relaunch").expect(200).body();
        app.stop();

        try (PackagedApp operaton = PackagedApp.start(name() + "-operaton", environment)) {
            app = operaton;
            api = Client.admin(operaton);
            operator = new Operator(api);
            assertThat(api.get("/engine-rest/version").expect(200).json().get("version").asText())
                    .as("the Operaton build runs now").startsWith("1.");
            // the same definitions: the models did not change, so nothing was deployed again
            assertThat(api.get("/engine-rest/process-definition?key=new-signup-relaunch").expect(200).body())
                    .isEqualTo(definitions);
            // the administrator of the Camunda years administers Operaton: users, groups, journeys
            assertThat(api.get("/engine-rest/user?memberOfGroup=operaton-admin").expect(200).json().toString())
                    .contains("admin");
            assertThat(operator.instanceOf("new-signup-relaunch", paul)).isEqualTo(paulJourney);
            assertThat(operator.waitsAt(leaJourney, "Timer_J30")).isTrue();

            operator.fireTimer(paulJourney, "Timer_J30");
            assertThat(Mailbox.text(awaitEmails("paul@example.com", 1).get(0))).contains("Paul");

            assertThat(event("{\"contactId\":" + lea + ",\"type\":\"PURCHASE\",\"amount\":30}").expect(202).json()
                    .get("correlation").asText()).isEqualTo("DONE");
            assertThat(operator.state(leaJourney)).isEqualTo("COMPLETED");
            assertThat(mailbox.to("lea@example.com")).as("Léa bought: no relaunch").isEmpty();
            assertThat(operator.openIncidents()).isZero();
        } finally {
            app = null;
        }
    }
}
