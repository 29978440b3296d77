-- The municipality's plan as data (issue 18): sections and appendices with editable texts,
-- contacts, per-arena conditions and learning activities, the course -> goals table, and
-- adopted versions kept for identical reprints. Empty tables print the shipped defaults.
-- Also: the group supervisor's name on a doctor, and a second leader for the municipality
-- (Drammen: kommuneoverlege and fagkoordinerende lege), for the individual plan.

CREATE TABLE plan_sections (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'section' CHECK (kind IN ('section', 'appendix')),
    title TEXT,
    text TEXT,
    removed INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX plan_sections_key ON plan_sections(key) WHERE key <> '';

CREATE TABLE plan_contacts (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL DEFAULT 0,
    role TEXT NOT NULL CHECK (trim(role) <> ''),
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
);

CREATE TABLE arena_conditions (
    id INTEGER PRIMARY KEY,
    arena_id INTEGER NOT NULL UNIQUE REFERENCES arenas(id),
    text TEXT NOT NULL DEFAULT ''
);

CREATE TABLE arena_activities (
    id INTEGER PRIMARY KEY,
    arena_id INTEGER NOT NULL REFERENCES arenas(id),
    position INTEGER NOT NULL DEFAULT 0,
    goal_code TEXT NOT NULL,
    here TEXT NOT NULL DEFAULT '',
    elsewhere TEXT NOT NULL DEFAULT ''
);
CREATE INDEX arena_activities_arena ON arena_activities(arena_id);

CREATE TABLE plan_courses (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL DEFAULT '',
    goals TEXT NOT NULL DEFAULT '[]',
    removed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE plan_versions (
    id INTEGER PRIMARY KEY,
    version TEXT NOT NULL,
    adopted_date TEXT NOT NULL,
    adopted_by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    document TEXT NOT NULL DEFAULT '{}',
    sha256 TEXT NOT NULL DEFAULT '',
    pdf BLOB NOT NULL DEFAULT x''
);

ALTER TABLE doctors ADD COLUMN group_supervisor TEXT NOT NULL DEFAULT '';
ALTER TABLE municipality ADD COLUMN second_leader_name TEXT NOT NULL DEFAULT '';
ALTER TABLE municipality ADD COLUMN second_leader_title TEXT NOT NULL DEFAULT '';
