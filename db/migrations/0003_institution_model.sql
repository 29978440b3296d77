-- Issue 19: the health trust's priority model and what the Vestre Viken agreement adds.
-- municipality.institution_model: the chosen model's name ('' = not chosen: the default);
-- municipality.institution_models: the leader's own models as JSON (a list of objects).
ALTER TABLE municipality ADD COLUMN institution_model TEXT NOT NULL DEFAULT '';
ALTER TABLE municipality ADD COLUMN institution_models TEXT NOT NULL DEFAULT '[]';
-- An offer "formidles ... til ALIS med kopi til lederen"; a doctor who takes a locum post
-- leaves the list (status 'withdrawn') and the coordinator must be told.
ALTER TABLE institution_requests ADD COLUMN offered_date TEXT;
ALTER TABLE institution_requests ADD COLUMN offer_copied_to_leader INTEGER NOT NULL DEFAULT 0;
ALTER TABLE institution_requests ADD COLUMN withdrawn_date TEXT;
ALTER TABLE institution_requests ADD COLUMN withdrawal_reported_date TEXT;
