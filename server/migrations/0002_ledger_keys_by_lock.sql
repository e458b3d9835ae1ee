-- galla-server schema, version 2.
--
-- The ledger's foreign keys cost a trigger call per row and key on every
-- push: about half the time of storing a 500-event batch. They guard nothing
-- the push does not already guarantee: it takes tenant_id and device_id only
-- from the device row it holds locked (FOR UPDATE) in the same transaction,
-- and from now on tenants and devices are never deleted (a device is
-- revoked instead), so no ledger row can lose its tenant or device.
ALTER TABLE event_ledger
    DROP CONSTRAINT event_ledger_tenant_id_fkey,
    DROP CONSTRAINT event_ledger_device_id_fkey;

CREATE FUNCTION galla_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never deleted (the ledger refers to them): % is not allowed',
        TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE TRIGGER tenants_no_delete BEFORE DELETE ON tenants
    FOR EACH ROW EXECUTE FUNCTION galla_never_deleted();
CREATE TRIGGER tenants_no_truncate BEFORE TRUNCATE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION galla_never_deleted();
CREATE TRIGGER devices_no_delete BEFORE DELETE ON devices
    FOR EACH ROW EXECUTE FUNCTION galla_never_deleted();
CREATE TRIGGER devices_no_truncate BEFORE TRUNCATE ON devices
    FOR EACH STATEMENT EXECUTE FUNCTION galla_never_deleted();
