-- galla-server schema, version 4: who approved an event.
--
-- A cashier's refused action (a big discount, a cancelled bill, cash paid
-- out) can be approved on the spot by a manager's PIN; the counter sends
-- the approver's staff id with the event, and pulls give it back to every
-- counter. NULL for every event nobody had to approve (all older ones).

ALTER TABLE event_ledger ADD COLUMN approved_by uuid;
