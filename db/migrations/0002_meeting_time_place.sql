-- Review meetings get a time of day and a place, for calendar invitations (.ics).
-- Existing meetings keep '' (no time: an all-day event; no place).
ALTER TABLE meetings ADD COLUMN start_time TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN place TEXT NOT NULL DEFAULT '';
