-- The optional "flat or house number and street" a young person may give with a report. As private as
-- the contact details: only staff with the role see it, retention clears it, and no public output
-- (tracking view, Open311 without a key, published figures, CSV) selects it.
alter table reports add column address_text text;
