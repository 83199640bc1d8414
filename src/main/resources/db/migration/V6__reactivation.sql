-- Reactivation journeys: when the contact last entered the win-back (its re-entry rule reads it).
ALTER TABLE contact ADD COLUMN last_winback_at TIMESTAMP WITH TIME ZONE;
