-- Experiments (issue 15): the experiment and arm a journey's message was written under, read from the journey's
-- variables at enqueue (a split's variant, else the journey's holdout arm). NULL for a message no experiment touched
-- and for rows written before. Ids and arm names only, no personal data.
ALTER TABLE outbox_message ADD COLUMN experiment VARCHAR(120);
ALTER TABLE outbox_message ADD COLUMN experiment_arm VARCHAR(40);
