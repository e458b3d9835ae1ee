-- galla-server schema, version 3: the ledger is per tenant.
--
-- Event ids and device ids were unique across all tenants, so a device of
-- one shop that pushed another shop's event ids first made that shop's own
-- events ID_CONFLICT for good, and the answers (ID_CONFLICT,
-- DEVICE_ID_TAKEN) told it which ids existed elsewhere. Now every key
-- starts with the tenant: an id means something only inside its own shop.
--
-- `replace_allowed_until`: `galla-server devices replace` lets the next
-- enrollment with that device id (before this time) take the counter over;
-- otherwise only a holder of the device's current token can.

ALTER TABLE rejected_events DROP CONSTRAINT rejected_events_device_id_fkey;

ALTER TABLE devices DROP CONSTRAINT devices_pkey;
ALTER TABLE devices ADD PRIMARY KEY (tenant_id, device_id);
DROP INDEX devices_tenant;
ALTER TABLE devices ADD COLUMN replace_allowed_until timestamptz;

ALTER TABLE event_ledger DROP CONSTRAINT event_ledger_pkey;
ALTER TABLE event_ledger ADD PRIMARY KEY (tenant_id, event_id);
ALTER TABLE event_ledger DROP CONSTRAINT event_ledger_device_id_device_seq_key;
ALTER TABLE event_ledger ADD UNIQUE (tenant_id, device_id, device_seq);

ALTER TABLE rejected_events DROP CONSTRAINT rejected_events_pkey;
ALTER TABLE rejected_events ADD PRIMARY KEY (tenant_id, device_id, device_seq);
DROP INDEX rejected_events_event;
CREATE INDEX rejected_events_event ON rejected_events (tenant_id, device_id, event_id);

-- The id a device asked for when it used a code (it may have been given a
-- new one, as a copy): a retry after a lost reply is recognised by it.
ALTER TABLE enroll_codes ADD COLUMN asked_device uuid;
