-- KPIs stay index lookups on millions of rows: messages by journey step and time, events by the message
-- they answer, purchases by contact and time (attribution), segment entries by contact.
CREATE INDEX ix_outbox_journey ON outbox_message (journey, created_at);
CREATE INDEX ix_outbox_contact_sent ON outbox_message (contact_id, status, sent_at);
CREATE INDEX ix_contact_event_message ON contact_event (message_id, type);
CREATE INDEX ix_contact_event_contact_type ON contact_event (contact_id, type, occurred_at);
CREATE INDEX ix_segment_history_to ON segment_history (contact_id, to_segment, changed_at);
