-- Experiments (issue 15): the variant experiments marketing ops place in a journey ("Split into variants"). Registered
-- by the first contact to reach the split, with the arms, weights and salt it ran with; those never change while it
-- runs (a diagram that declares other arms under the same id stops with an incident). Stopping it names the arm every
-- later entrant takes (winner); contacts already assigned keep theirs (contact_experiment).
CREATE TABLE experiment (
    id           VARCHAR(60)              NOT NULL,
    name         VARCHAR(200)             NOT NULL,
    -- the journey (process id) whose split registered it
    journey      VARCHAR(120)             NOT NULL,
    -- as written in the Modeler, normalised: A:50,B:50
    arms         VARCHAR(400)             NOT NULL,
    salt         VARCHAR(120)             NOT NULL,
    -- CONVERSION, REACTIVATION, REVENUE_PER_CONTACT or UNSUBSCRIBE_RATE
    goal_metric  VARCHAR(30)              NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- RUNNING or STOPPED
    status       VARCHAR(20)              NOT NULL,
    winner       VARCHAR(40),
    stopped_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_experiment PRIMARY KEY (id)
);
