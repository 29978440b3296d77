-- The whole domain, from the start (DESIGN.md section 2). Column names are the field names
-- of alis_desktop/models.py; dates are ISO text, booleans 0/1, lists JSON text.

CREATE TABLE municipality (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '',
    org_number TEXT NOT NULL DEFAULT '',
    registered_date TEXT,
    address TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    leader_name TEXT NOT NULL DEFAULT '',
    leader_title TEXT NOT NULL DEFAULT '',
    head_of_service_name TEXT NOT NULL DEFAULT '',
    head_of_service_title TEXT NOT NULL DEFAULT '',
    medical_lead_name TEXT NOT NULL DEFAULT '',
    medical_lead_title TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    short_of_specialists INTEGER NOT NULL DEFAULT 0,
    supervision_rate REAL NOT NULL DEFAULT 0,
    preparation_rate REAL NOT NULL DEFAULT 0,
    backup_keep INTEGER NOT NULL DEFAULT 10,
    logo_path TEXT NOT NULL DEFAULT ''
);

CREATE TABLE goal_texts (
    id INTEGER PRIMARY KEY,
    catalog_version TEXT NOT NULL,
    code TEXT NOT NULL,
    theme TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (catalog_version, code)
);

CREATE TABLE doctors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    birth_date TEXT,
    hpr_number TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    employment TEXT NOT NULL,
    position_type TEXT NOT NULL DEFAULT '',
    regime TEXT NOT NULL CHECK (regime IN ('new', 'old')),
    start_date TEXT NOT NULL,
    alis_agreement_date TEXT,
    grant_end_date TEXT,
    end_date TEXT,
    end_reason TEXT NOT NULL DEFAULT '',
    catalog_version TEXT NOT NULL,
    cost_code TEXT NOT NULL DEFAULT '',
    on_call_arrangement TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0,
    CHECK (end_date IS NULL OR end_date >= start_date)
);

CREATE TABLE arenas (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    type TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    inside_municipality INTEGER NOT NULL DEFAULT 1,
    partner TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    supervision_modes TEXT NOT NULL DEFAULT '[]',
    new_supervisor_on_stay INTEGER NOT NULL DEFAULT 0,
    default_category TEXT NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE arena_coverage (
    id INTEGER PRIMARY KEY,
    arena_id INTEGER NOT NULL REFERENCES arenas(id),
    goal_code TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('full', 'partial')),
    UNIQUE (arena_id, goal_code)
);

CREATE TABLE supervisors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    workplace TEXT NOT NULL DEFAULT '',
    specialist INTEGER NOT NULL DEFAULT 1,
    exemption_until TEXT,
    course_completed INTEGER NOT NULL DEFAULT 0,
    employment TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE supervisor_assignments (
    id INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    supervisor_id INTEGER NOT NULL REFERENCES supervisors(id),
    start_date TEXT NOT NULL,
    end_date TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX supervisor_assignments_doctor ON supervisor_assignments (doctor_id, start_date);
CREATE INDEX supervisor_assignments_supervisor ON supervisor_assignments (supervisor_id);

CREATE TABLE placements (
    id INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    arena_id INTEGER NOT NULL REFERENCES arenas(id),
    category TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    position_pct REAL NOT NULL CHECK (position_pct > 0 AND position_pct <= 100),
    status TEXT NOT NULL CHECK (status IN ('planned', 'completed')),
    department TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    CHECK (end_date >= start_date)
);
CREATE INDEX placements_doctor ON placements (doctor_id, start_date);
CREATE INDEX placements_arena ON placements (arena_id);

CREATE TABLE leaves (
    id INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    kind TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    pct REAL NOT NULL CHECK (pct > 0 AND pct <= 100),
    notes TEXT NOT NULL DEFAULT '',
    CHECK (end_date >= start_date)
);
CREATE INDEX leaves_doctor ON leaves (doctor_id, start_date);

CREATE TABLE supervision_sessions (
    id INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    supervisor_id INTEGER NOT NULL REFERENCES supervisors(id),
    date TEXT NOT NULL,
    hours REAL NOT NULL CHECK (hours > 0 AND hours <= 8),
    topics TEXT NOT NULL DEFAULT '',
    goals TEXT NOT NULL DEFAULT '[]',
    note TEXT NOT NULL DEFAULT '',
    planned INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX supervision_sessions_doctor ON supervision_sessions (doctor_id, date);
CREATE INDEX supervision_sessions_supervisor ON supervision_sessions (supervisor_id, date);

CREATE TABLE goal_statuses (
    id INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    goal_code TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('not_started', 'in_progress', 'submitted', 'approved')),
    approved_date TEXT,
    approved_by TEXT NOT NULL DEFAULT '',
    advice_supervisor TEXT NOT NULL DEFAULT '',
    advice_clinical TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    UNIQUE (doctor_id, catalog_version, goal_code)
);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    end_date TEXT,
    hours REAL,
    course_code TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    out_of_hours INTEGER NOT NULL DEFAULT 0,
    goals TEXT NOT NULL DEFAULT '[]',
    signed_by TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activities_doctor ON activities (doctor_id, kind, date);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '[]',
    outcome TEXT NOT NULL DEFAULT '',
    assessment TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    plan_next TEXT NOT NULL DEFAULT '',
    next_date TEXT,
    held INTEGER NOT NULL DEFAULT 1,
    snapshot TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX meetings_doctor ON meetings (doctor_id, date);

CREATE TABLE meeting_actions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER REFERENCES meetings(id),
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    what TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    done_date TEXT
);
CREATE INDEX meeting_actions_doctor ON meeting_actions (doctor_id);

CREATE TABLE plan_items (
    id INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    meeting_id INTEGER REFERENCES meetings(id),
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    due_date TEXT,
    done INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX plan_items_doctor ON plan_items (doctor_id);

CREATE TABLE rule_deviations (
    id INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    rule_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_date TEXT,
    decided_by TEXT NOT NULL DEFAULT '',
    UNIQUE (doctor_id, rule_id)
);

CREATE TABLE attestations (
    id INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    number TEXT NOT NULL UNIQUE,
    issued_date TEXT NOT NULL,
    period_start TEXT,
    period_end TEXT,
    placement_ids TEXT NOT NULL DEFAULT '[]',
    sha256 TEXT NOT NULL,
    pdf BLOB NOT NULL
);
CREATE INDEX attestations_doctor ON attestations (doctor_id);

CREATE TABLE institution_requests (
    id INTEGER PRIMARY KEY,
    doctor_id INTEGER NOT NULL REFERENCES doctors(id),
    desired_start TEXT,
    desired_end TEXT,
    institution TEXT NOT NULL DEFAULT '',
    departments TEXT NOT NULL DEFAULT '[]',
    location TEXT NOT NULL DEFAULT '',
    reported_date TEXT,
    status TEXT NOT NULL,
    priority_override INTEGER,
    override_note TEXT NOT NULL DEFAULT '',
    interrupted INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX institution_requests_doctor ON institution_requests (doctor_id);

CREATE TABLE institution_posts (
    id INTEGER PRIMARY KEY,
    institution TEXT NOT NULL,
    department TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    doctor_id INTEGER REFERENCES doctors(id),
    placement_id INTEGER REFERENCES placements(id),
    note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    record_id INTEGER,
    detail TEXT NOT NULL DEFAULT ''
);

-- The audit log is append-only: the program never changes or deletes a row.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
