-- The durable inbox (issue 13): every accepted event's correlation with the journeys, retried with backoff until it
-- has had its effect (DONE, with how many journeys it moved; 0: nobody was waiting). A worker on any node claims a
-- due row by a conditional update with a lease (locked_until), as the outbox dispatchers do. No personal data: ids,
-- times, counts and the class of the last error.
CREATE TABLE event_inbox (
    event_id        BIGINT        NOT NULL PRIMARY KEY REFERENCES contact_event (id),
    status          VARCHAR(10)   NOT NULL,
    journeys        INTEGER,
    attempts        INTEGER       DEFAULT 0 NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(200),
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    done_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_event_inbox_due ON event_inbox (status, next_attempt_at);

-- events stored before: correlated ones are done; the others (correlation failed and nobody retried) are due now
INSERT INTO event_inbox (event_id, status, journeys, attempts, next_attempt_at, received_at, done_at)
SELECT id, CASE WHEN correlated_journeys IS NULL THEN 'PENDING' ELSE 'DONE' END, correlated_journeys,
       CASE WHEN correlated_journeys IS NULL THEN 1 ELSE 0 END, received_at, received_at,
       CASE WHEN correlated_journeys IS NULL THEN NULL ELSE received_at END
FROM contact_event;

-- the inbox holds the state now
ALTER TABLE contact_event DROP COLUMN correlated_journeys;
