-- A segment entry whose journey could not start is recorded as failed (with the error's type, never a stored value)
-- instead of rolling back the whole publish step; the run counts them.
ALTER TABLE segment_entry ADD COLUMN failed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE segment_entry ADD COLUMN failure VARCHAR(100);
ALTER TABLE classification_run ADD COLUMN entries_failed BIGINT DEFAULT 0 NOT NULL;
