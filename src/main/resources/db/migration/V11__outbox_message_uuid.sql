-- A random id per outbox row for the email's Message-ID: unique across databases (two installations, a wiped
-- database), stable for the row across retries. Rows written before this migration get one when first sent.
ALTER TABLE outbox_message ADD COLUMN message_uuid VARCHAR(36);
