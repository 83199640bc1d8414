-- A click our tracking recognised as a link scanner's (mail security gateways fetch every link of a message
-- seconds after delivery): kept, with the sign that gave it away, and never a comeback. NULL = a person's click.
ALTER TABLE contact_event ADD COLUMN robot VARCHAR(24);
