-- The marketing-pressure limit that deferred or skipped a message, as the explanation shows it ("INACTIVE: 1 per
-- 14 days"): the limit depends on the contact's segment and on the version of the analysts' table at that moment.
ALTER TABLE outbox_message ADD COLUMN pressure_limit VARCHAR(200);
