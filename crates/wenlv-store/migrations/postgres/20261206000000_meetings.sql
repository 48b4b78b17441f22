-- The monthly dispatch meeting's calendar (调度会, 每月一地): one meeting a day at most, dates
-- as YYYY-MM-DD text (sorts as dates on both engines). A held meeting is never replaced by
-- re-scheduling; only planned ones are.
CREATE TABLE meetings (
    date       TEXT   PRIMARY KEY NOT NULL CHECK (length(date) = 10),
    site       TEXT   NOT NULL CHECK (length(site) BETWEEN 1 AND 200),
    status     TEXT   NOT NULL CHECK (status IN ('planned', 'held')),
    rule       TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
