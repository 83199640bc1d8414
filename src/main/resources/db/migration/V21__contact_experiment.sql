-- Experiments (issue 15): the arm each contact was put in, written the first time the arm mattered (entering a journey
-- that has a holdout, or the global control group being on) and never updated: a recorded arm wins over what the hash
-- would say under a later configuration. No personal data: ids, the experiment's name, the arm.
CREATE TABLE contact_experiment (
    contact_id   BIGINT                   NOT NULL REFERENCES contact (id),
    -- global-control, or holdout:<process key>
    experiment   VARCHAR(120)             NOT NULL,
    arm          VARCHAR(40)              NOT NULL,
    assigned_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_contact_experiment PRIMARY KEY (contact_id, experiment)
);
-- the per-experiment counts (contacts per arm) the experiments API will read
CREATE INDEX ix_contact_experiment_experiment ON contact_experiment (experiment, arm);
