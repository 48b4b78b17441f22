-- The key-project library (重点项目库). Amounts are whole fen (exact; 1 万元 = 1,000,000 fen);
-- NULL is an unknown figure, never zero. Stage changes are kept for ever, each with its reason.
CREATE TABLE projects (
    code                 TEXT    PRIMARY KEY NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    name                 TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    category             TEXT,
    district             TEXT,
    owner                TEXT,
    lead_unit            TEXT,
    stage                TEXT    NOT NULL
        CHECK (stage IN ('reserve', 'study', 'implementation', 'completed', 'shelved')),
    total_investment_fen BIGINT CHECK (total_investment_fen >= 0),
    planned_completion   TEXT    CHECK (length(planned_completion) = 10),
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);

CREATE TABLE project_funding (
    project_code TEXT    NOT NULL REFERENCES projects (code),
    seq          INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    amount_fen   BIGINT CHECK (amount_fen >= 0),
    year         INTEGER,
    status       TEXT    CHECK (status IN ('applied', 'approved', 'disbursed')),
    PRIMARY KEY (project_code, seq)
);

CREATE TABLE project_stage_changes (
    project_code TEXT    NOT NULL REFERENCES projects (code),
    seq          INTEGER NOT NULL,
    on_date      TEXT    NOT NULL CHECK (length(on_date) = 10),
    from_stage   TEXT,
    to_stage     TEXT    NOT NULL,
    by_user      TEXT    NOT NULL,
    reason       TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    PRIMARY KEY (project_code, seq)
);
