-- What a dispatch meeting settles: who chaired it, the minutes, the agenda as it stood when it
-- was held (frozen as JSON, so later changes to items or projects do not rewrite it), and its
-- decisions, each a follow-up with an owner unit and a due date, done when reported done.
ALTER TABLE meetings ADD COLUMN chair TEXT;
ALTER TABLE meetings ADD COLUMN minutes TEXT;
ALTER TABLE meetings ADD COLUMN agenda TEXT;

CREATE TABLE meeting_decisions (
    meeting_date TEXT    NOT NULL REFERENCES meetings (date),
    seq          INTEGER NOT NULL,
    decision     TEXT    NOT NULL CHECK (length(decision) BETWEEN 1 AND 2000),
    owner_unit   TEXT    NOT NULL CHECK (length(owner_unit) BETWEEN 1 AND 200),
    due          TEXT    NOT NULL CHECK (length(due) = 10),
    done_on      TEXT    CHECK (length(done_on) = 10),
    PRIMARY KEY (meeting_date, seq)
);
