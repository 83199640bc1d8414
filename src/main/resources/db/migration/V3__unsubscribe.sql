-- Unsubscribes and suppression. Portable between PostgreSQL and H2, like V1: one column per
-- statement, TIMESTAMP WITH TIME ZONE, VARCHAR. A null time means "not".

-- the contact said stop, per channel (POST /api/events type UNSUBSCRIBED); kept from the first time
ALTER TABLE contact ADD COLUMN email_unsubscribed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE contact ADD COLUMN sms_unsubscribed_at TIMESTAMP WITH TIME ZONE;
-- isolated from the marketing base (final removal); lifted when the contact becomes active again
ALTER TABLE contact ADD COLUMN suppressed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE contact ADD COLUMN suppression_reason VARCHAR(40);

-- which channel an UNSUBSCRIBED event named (EMAIL, SMS or ALL); null for the other events
ALTER TABLE contact_event ADD COLUMN channel VARCHAR(5);
