-- Bounces reported by the email provider (POST /api/events type BOUNCED): hard or soft, and how many soft
-- bounces in a row the contact's address has had (a run of them counts as hard).
ALTER TABLE contact_event ADD COLUMN bounce VARCHAR(4);
ALTER TABLE contact ADD COLUMN soft_bounces INTEGER DEFAULT 0 NOT NULL;
