-- Marketing pressure: how many times a message waited because the contact had had enough messages lately.
ALTER TABLE outbox_message ADD COLUMN pressure_deferrals INTEGER DEFAULT 0 NOT NULL;
