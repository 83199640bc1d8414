package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.rekindle.support.PostgresDatabase;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL out of reach while the company's systems post purchases (issue 13): each request answers a 503 problem
 * within the pool's 10-second wait instead of a 500 after 30 s, and the sender's retries with the same eventId, once
 * the database is back, end every buyer's relaunch: nobody gets relaunch 2. The node reaches PostgreSQL through a
 * TCP relay the test cuts, as a database restart or a network failure would.
 */
@ExtendWith(PostgresDatabase.class)
class DatabaseOutagePostgresIT extends OutsideInTest {

    private static final int BUYERS = 12;

    private TcpRelay relay;

    @Override
    Database database() {
        return Database.POSTGRES;
    }

    @Override
    Map<String, String> settings() {
        String direct = Database.POSTGRES.environment(name()).get("REKINDLE_DB_URL");
        URI server = URI.create(direct.substring("jdbc:".length()));
        relay = new TcpRelay(server.getHost(), server.getPort());
        return Map.of("REKINDLE_DB_URL", direct.replace(":" + server.getPort() + "/", ":" + relay.port() + "/"));
    }

    @AfterAll
    void closeRelay() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void purchasesPostedDuringAnOutageAre503sAndTheirRetriesEndEveryBuyersRelaunch() {
        List<Long> buyers = IntStream.range(0, BUYERS)
                .mapToObj(i -> signUp("oi-outage-" + i, "buyer" + i + "@example.com", "Bea", "fr")).toList();
        List<String> journeys = buyers.stream().map(c -> operator.instanceOf("new-signup-relaunch", c)).toList();
        journeys.forEach(j -> operator.fireTimer(j, "Timer_J30"));
        IntStream.range(0, BUYERS).forEach(i -> awaitEmails("buyer" + i + "@example.com", 1));

        relay.cut();
        List<Timed> during;
        try {
            during = inParallel(buyers, buyer -> {
                Instant sent = Instant.now();
                Client.Response response = purchase(buyer);
                return new Timed(response, Duration.between(sent, Instant.now()));
            });
        } finally {
            relay.restore();
        }

        assertThat(during).allSatisfy(r -> {
            assertThat(r.response().status()).as(r.response().body()).isEqualTo(503);
            assertThat(r.response().contentType()).startsWith("application/problem+json");
            assertThat(r.took()).as("answered within the pool's 10-second wait, not after 30 s")
                    .isLessThan(Duration.ofSeconds(20));
        });

        // the sender retries each purchase with its own eventId until it is acknowledged
        for (long buyer : buyers) {
            await("purchase of " + buyer + " acknowledged", Duration.ofMinutes(2),
                    () -> purchase(buyer).status() / 100 == 2);
        }
        for (int i = 0; i < BUYERS; i++) {
            String journey = journeys.get(i);
            await("relaunch of " + buyers.get(i) + " ended", () -> operator.state(journey).equals("COMPLETED"));
            assertThat(operator.passed(journey)).contains("EndEvent_Activated");
            assertThat(contact(buyers.get(i)).get("purchaseCount").asInt()).isEqualTo(1);
        }
        quietPeriod();
        for (int i = 0; i < BUYERS; i++) {
            assertThat(mailbox.to("buyer" + i + "@example.com")).as("relaunch 1 only").hasSize(1);
        }
    }

    private record Timed(Client.Response response, Duration took) {
    }

    private Client.Response purchase(long contact) {
        return event("{\"contactId\":" + contact + ",\"type\":\"PURCHASE\",\"eventId\":\"order-" + contact
                + "\",\"amount\":42.50}");
    }
}
