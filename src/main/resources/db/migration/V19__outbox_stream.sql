-- The sending stream an email row goes through (reactivation or lifecycle), chosen from its template when the row is
-- written. Rows written before streams existed stay NULL: they went through the single SMTP settings, which are the
-- lifecycle stream's defaults, and are read as lifecycle. SMS rows have none.
ALTER TABLE outbox_message ADD COLUMN stream VARCHAR(20);
