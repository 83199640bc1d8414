-- Reactivation journeys: when the contact last entered the win-back (its re-entry rule reads it).
ALTER TABLE contact ADD COLUMN last_winback_at TIMESTAMP WITH TIME ZONE;
-- TEMP until the unsubscribe branch (V3) lands with the same columns
ALTER TABLE contact ADD COLUMN suppressed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE contact ADD COLUMN suppression_reason VARCHAR(40);
