package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.BothDatabases;

import org.junit.jupiter.api.Test;

/**
 * The new sign-up relaunch as shipped: the jar on its own, timers executed through the engine REST API as an
 * operator would from Cockpit, emails counted at the SMTP server, the survey answered from the link in the email.
 */
@BothDatabases
class RelaunchIT extends OutsideInTest {

    @Override
    Map<String, String> settings() {
        // the journey's months pass in seconds here: the weekly cap on marketing messages (2 by default) would
        // defer the survey by a week, so the operator widens it (docs/marketing-ops.md, Marketing pressure)
        return Map.of("REKINDLE_PRESSURE_MAXMESSAGES", "10");
    }

    @Test
    void signUpToJ30ToJ37ToTheSurveyAndItsFollowUps_everyEmailArrivesOnItsOwnSchedule() {
        long price = signUp("oi-price", "paul@example.com", "Paul", "en");
        long technical = signUp("oi-tech", "lea@example.com", "Léa", "fr");

        // the welcome, at once, in each one's language, with the benefits of signing up
        MimeMessage welcomeEn = awaitWelcome("paul@example.com");
        assertThat(Mailbox.subject(welcomeEn)).isEqualTo("Welcome, Paul: here is what your membership brings you");
        assertThat(Mailbox.text(welcomeEn)).contains("Welcome, Paul!").contains("free delivery");
        assertThat(Mailbox.header(welcomeEn, "List-Unsubscribe")).isNotBlank();
        MimeMessage welcomeFr = awaitWelcome("lea@example.com");
        assertThat(Mailbox.subject(welcomeFr)).isEqualTo("Bienvenue Léa : voici ce que votre inscription vous apporte");
        assertThat(Mailbox.text(welcomeFr)).contains("livraison offerte");

        for (long contact : List.of(price, technical)) {
            String journey = operator.instanceOf("new-signup-relaunch", contact);
            assertThat(operator.timer(journey, "Timer_J30")).as("J+30 waits as a timer").isPresent();

            operator.fireTimer(journey, "Timer_J30");
        }
        MimeMessage relaunch1 = awaitEmails("paul@example.com", 1).get(0);
        assertThat(Mailbox.subject(relaunch1)).isNotBlank();
        assertThat(Mailbox.text(relaunch1)).contains("Paul");
        JsonNode offer = outbox(price).get(0);
        assertThat(Mailbox.text(relaunch1)).containsPattern("RK-[A-Z0-9]{8}");
        assertThat(offer.get("status").asText()).isEqualTo("SENT");
        assertThat(Mailbox.text(awaitEmails("lea@example.com", 1).get(0))).contains("Léa");

        // not opened: at J+37 relaunch 2, « Où êtes-vous ? » in French
        for (long contact : List.of(price, technical)) {
            operator.fireTimer(operator.instanceOf("new-signup-relaunch", contact), "Timer_J37");
        }
        assertThat(Mailbox.subject(awaitEmails("lea@example.com", 2).get(1))).containsIgnoringCase("où êtes-vous");
        awaitEmails("paul@example.com", 2);

        // about four months after relaunch 1, never active: the survey, « Donnez-nous votre avis »
        for (long contact : List.of(price, technical)) {
            operator.fireTimer(operator.instanceOf("new-signup-relaunch", contact), "Timer_SurveyHandOver");
        }
        MimeMessage surveyFr = awaitEmails("lea@example.com", 3).get(2);
        assertThat(Mailbox.subject(surveyFr)).contains("avis");
        MimeMessage surveyEn = awaitEmails("paul@example.com", 3).get(2);

        // each answers from the link in the email, as a browser posts the form: no credentials
        String leaSurvey = Mailbox.link(surveyFr, "/survey/");
        assertThat(anonymous.get(leaSurvey).expect(200).body()).contains("whyNoPurchase");
        anonymous.postForm(leaSurvey, "whyNoPurchase=TECHNICAL_PROBLEM&orderingProblem=YES"
                + "&satisfiedWithLastPurchase=NEVER_BOUGHT&freeText=").expect(200);
        anonymous.postForm(Mailbox.link(surveyEn, "/survey/"), "whyNoPurchase=PRICE&orderingProblem=NO"
                + "&satisfiedWithLastPurchase=NEVER_BOUGHT&freeText=").expect(200);

        // price → an offer email with a personal code
        MimeMessage offerEmail = awaitEmails("paul@example.com", 4).get(3);
        assertThat(Mailbox.text(offerEmail)).containsPattern("RK-[A-Z0-9]{8}");

        // a technical problem → a task for customer service, visible to a member of the group in Tasklist's API
        // (the group of the customer-service role is there from the first start: the administrator adds a user)
        api.get("/engine-rest/group/customer-service").expect(200);
        api.postJson("/engine-rest/user/create", "{\"profile\":{\"id\":\"agent\",\"firstName\":\"Agent\","
                + "\"lastName\":\"One\",\"email\":\"agent@example.com\"},\"credentials\":{\"password\":"
                + "\"agent-Password-42\"}}").expect(204);
        api.putJson("/engine-rest/group/customer-service/members/agent", "").expect(204);
        var agent = new Client(app.baseUrl(), "agent", "agent-Password-42");
        await("the customer-service task", () -> agent.get("/engine-rest/task?candidateGroup=customer-service")
                .expect(200).json().size() == 1);
        JsonNode task = agent.get("/engine-rest/task?candidateGroup=customer-service").json().get(0);
        assertThat(task.get("taskDefinitionKey").asText()).isEqualTo("Task_HandleSurveyAnswers");
        // and nothing beyond their tasks: no contact data, no deployment
        agent.get("/api/contacts?externalId=paul").expect(403);
        assertThat(agent.get("/engine-rest/process-definition").expect(200).json().findValuesAsText("key"))
                .containsOnly("satisfaction-survey");

        quietPeriod();
        assertThat(mailbox.to("lea@example.com")).as("no offer for a technical problem").hasSize(3);
        assertThat(mailbox.to("paul@example.com")).hasSize(4);
        assertThat(operator.openIncidents()).as(operator.incidents()).isZero();
    }

    @Test
    void aPurchaseOnJ12EndsTheJourney_aVisitBeforeJ30MeansNoRelaunch() {
        long buyer = signUp("oi-buyer", "bruno@example.com", "Bruno", "fr");
        long visitor = signUp("oi-visitor", "vera@example.com", "Vera", "en");
        String buyerJourney = operator.instanceOf("new-signup-relaunch", buyer);
        String visitorJourney = operator.instanceOf("new-signup-relaunch", visitor);

        event("{\"contactId\":" + buyer + ",\"type\":\"PURCHASE\",\"amount\":42.50}").expect(202);
        event("{\"contactId\":" + visitor + ",\"type\":\"VISIT\"}").expect(202);

        assertThat(operator.state(buyerJourney)).isEqualTo("COMPLETED");
        assertThat(operator.passed(buyerJourney)).contains("EndEvent_Activated").doesNotContain("Task_SendRelaunch1");

        operator.fireTimer(visitorJourney, "Timer_J30");
        await("the visitor's journey ends", () -> operator.state(visitorJourney).equals("COMPLETED"));
        assertThat(operator.passed(visitorJourney)).contains("EndEvent_AlreadyActive")
                .doesNotContain("Task_SendRelaunch1");

        quietPeriod();
        assertThat(mailbox.to("bruno@example.com")).isEmpty();
        assertThat(mailbox.to("vera@example.com")).isEmpty();
        assertThat(outbox(buyer)).isEmpty();
        assertThat(outbox(visitor)).isEmpty();
    }
}
