-- The battle map (挂图作战): plans, units, the tree of items with their units, milestones,
-- indicators (and actuals), deadline changes and monthly progress reports. Dates are TEXT
-- 'YYYY-MM-DD', months TEXT 'YYYY-MM', instants microseconds since the Unix epoch. Status is
-- computed from these rows, never stored.

CREATE TABLE bureau_units (
    name       TEXT   PRIMARY KEY NOT NULL CHECK (length(name) BETWEEN 1 AND 800),
    created_at BIGINT NOT NULL
);

CREATE TABLE bureau_plans (
    slug       TEXT   PRIMARY KEY NOT NULL CHECK (length(slug) BETWEEN 1 AND 64),
    title      TEXT   NOT NULL,
    start_date TEXT,
    end_date   TEXT,
    -- The level names, level 1 first, as a JSON array of strings.
    levels     TEXT   NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE bureau_items (
    plan        TEXT   NOT NULL REFERENCES bureau_plans (slug),
    code        TEXT   NOT NULL,
    parent_code TEXT,
    -- The order of the task book.
    position    BIGINT NOT NULL,
    title_zh    TEXT   NOT NULL,
    title_en    TEXT   NOT NULL DEFAULT '',
    description TEXT   NOT NULL DEFAULT '',
    -- At most two lead leaders, as a JSON array of strings.
    leaders     TEXT   NOT NULL DEFAULT '[]',
    start_date  TEXT,
    -- The baseline due date; deadline changes move the current one.
    due_date    TEXT,
    district    TEXT   NOT NULL DEFAULT '',
    notes       TEXT   NOT NULL DEFAULT '',
    weight      DOUBLE PRECISION,
    PRIMARY KEY (plan, code)
);

-- The lead unit (role 'lead', at most one per item) and partner units of each item.
CREATE TABLE bureau_item_units (
    plan     TEXT   NOT NULL,
    code     TEXT   NOT NULL,
    unit     TEXT   NOT NULL REFERENCES bureau_units (name),
    role     TEXT   NOT NULL CHECK (role IN ('lead', 'partner')),
    position BIGINT NOT NULL,
    PRIMARY KEY (plan, code, unit),
    FOREIGN KEY (plan, code) REFERENCES bureau_items (plan, code)
);
CREATE INDEX bureau_item_units_by_unit ON bureau_item_units (unit);
CREATE UNIQUE INDEX bureau_item_units_one_lead ON bureau_item_units (plan, code) WHERE role = 'lead';

CREATE TABLE bureau_milestones (
    plan      TEXT   NOT NULL,
    code      TEXT   NOT NULL,
    position  BIGINT NOT NULL,
    title     TEXT   NOT NULL,
    due_date  TEXT,
    done_date TEXT,
    PRIMARY KEY (plan, code, position),
    FOREIGN KEY (plan, code) REFERENCES bureau_items (plan, code)
);

CREATE TABLE bureau_indicators (
    plan        TEXT   NOT NULL,
    code        TEXT   NOT NULL,
    position    BIGINT NOT NULL,
    name        TEXT   NOT NULL,
    unit        TEXT   NOT NULL DEFAULT '',
    baseline    DOUBLE PRECISION,
    target      DOUBLE PRECISION,
    target_text TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (plan, code, position),
    FOREIGN KEY (plan, code) REFERENCES bureau_items (plan, code)
);

-- Measured values, by indicator name (a re-import that rewrites the indicators keeps them).
CREATE TABLE bureau_indicator_actuals (
    plan      TEXT   NOT NULL,
    code      TEXT   NOT NULL,
    indicator TEXT   NOT NULL,
    period    TEXT   NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (plan, code, indicator, period),
    FOREIGN KEY (plan, code) REFERENCES bureau_items (plan, code)
);

-- 延期: the due date moved from from_date to to_date, decided on a date, for a reason. The
-- baseline stays in bureau_items.due_date.
CREATE TABLE bureau_deadline_changes (
    plan      TEXT   NOT NULL,
    code      TEXT   NOT NULL,
    position  BIGINT NOT NULL,
    from_date TEXT   NOT NULL,
    to_date   TEXT   NOT NULL,
    decided   TEXT   NOT NULL,
    reason    TEXT   NOT NULL,
    PRIMARY KEY (plan, code, position),
    FOREIGN KEY (plan, code) REFERENCES bureau_items (plan, code)
);

-- Progress reports: append-only; an edit is a newer row for the same item and month (the
-- newest counts, the history stays).
CREATE TABLE bureau_reports (
    id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan       TEXT    NOT NULL,
    code       TEXT    NOT NULL,
    period     TEXT    NOT NULL CHECK (length(period) = 7),
    percent    BIGINT  NOT NULL CHECK (percent BETWEEN 0 AND 100),
    narrative  TEXT    NOT NULL DEFAULT '',
    problems   TEXT    NOT NULL DEFAULT '',
    next_steps TEXT    NOT NULL DEFAULT '',
    reporter   TEXT    NOT NULL,
    entered_at BIGINT  NOT NULL,
    FOREIGN KEY (plan, code) REFERENCES bureau_items (plan, code)
);
CREATE INDEX bureau_reports_by_item ON bureau_reports (plan, code, period);
