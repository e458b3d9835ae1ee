-- galla-server schema, version 1. Shipped migrations are never edited: add a
-- new numbered file instead. Every table is keyed by tenant so the schema can
-- later be distributed by tenant (Citus) without a redesign.

CREATE TABLE tenants (
    tenant_id             uuid PRIMARY KEY,
    name                  text NOT NULL,
    ledger_epoch          uuid NOT NULL,
    negative_stock_policy text NOT NULL DEFAULT 'flag'
                          CHECK (negative_stock_policy IN ('flag', 'reject')),
    created_at            timestamptz NOT NULL DEFAULT now()
);

-- The next server_seq of each tenant. Pushes lock this row first and hold it
-- to COMMIT, so commit order equals sequence order and no puller skips a row.
CREATE TABLE tenant_counters (
    tenant_id       uuid PRIMARY KEY REFERENCES tenants,
    next_server_seq bigint NOT NULL DEFAULT 1 CHECK (next_server_seq >= 1)
);

-- Single-use enrollment codes; only their SHA-256 is stored.
CREATE TABLE enroll_codes (
    code_hash   bytea PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants,
    device_name text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    used_by     uuid
);
CREATE INDEX enroll_codes_tenant ON enroll_codes (tenant_id);

-- Enrolled counters. The token is 256 random bits; only its SHA-256 is kept.
CREATE TABLE devices (
    device_id       uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants,
    name            text NOT NULL,
    token_hash      bytea NOT NULL UNIQUE,
    head_device_seq bigint NOT NULL DEFAULT 0 CHECK (head_device_seq >= 0),
    revoked         boolean NOT NULL DEFAULT false,
    revoked_at      timestamptz,
    enrolled_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz
);
CREATE INDEX devices_tenant ON devices (tenant_id);

-- Every accepted or flagged event, once. Append-only (see the triggers).
CREATE TABLE event_ledger (
    event_id       uuid PRIMARY KEY,
    tenant_id      uuid NOT NULL REFERENCES tenants,
    server_seq     bigint NOT NULL CHECK (server_seq >= 1),
    device_id      uuid NOT NULL REFERENCES devices,
    device_seq     bigint NOT NULL CHECK (device_seq >= 1),
    type           text NOT NULL,
    schema_version integer NOT NULL,
    -- Exact RFC 3339 text as the device sent it (nanoseconds kept, so a
    -- pulled event equals the pushed one); cast to timestamptz for reports.
    occurred_at    text NOT NULL,
    actor_id       uuid NOT NULL,
    location_id    uuid,
    payload        jsonb NOT NULL,
    content_hash   bytea NOT NULL,
    status         text NOT NULL CHECK (status IN ('accepted', 'flagged')),
    flag_code      text,
    flag_message   text,
    received_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (device_id, device_seq),
    UNIQUE (tenant_id, server_seq)
);

-- Events refused for good. Kept so a replay gets the same answer and the
-- device's sequence can move past them.
CREATE TABLE rejected_events (
    tenant_id      uuid NOT NULL REFERENCES tenants,
    device_id      uuid NOT NULL REFERENCES devices,
    device_seq     bigint NOT NULL CHECK (device_seq >= 1),
    event_id       uuid NOT NULL,
    type           text NOT NULL,
    schema_version integer NOT NULL,
    payload        jsonb NOT NULL,
    content_hash   bytea NOT NULL,
    code           text NOT NULL,
    message        text NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, device_seq)
);
CREATE INDEX rejected_events_event ON rejected_events (event_id);
CREATE INDEX rejected_events_tenant ON rejected_events (tenant_id, received_at);

-- Stock per variant per location in thousandths, folded from the ledger,
-- for the negative-stock policy and reports.
CREATE TABLE stock (
    tenant_id   uuid NOT NULL REFERENCES tenants,
    variant_id  uuid NOT NULL,
    location_id uuid NOT NULL,
    qty_milli   bigint NOT NULL,
    PRIMARY KEY (tenant_id, variant_id, location_id)
);

CREATE FUNCTION galla_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE TRIGGER event_ledger_no_update BEFORE UPDATE OR DELETE ON event_ledger
    FOR EACH ROW EXECUTE FUNCTION galla_append_only();
CREATE TRIGGER event_ledger_no_truncate BEFORE TRUNCATE ON event_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION galla_append_only();
CREATE TRIGGER rejected_events_no_update BEFORE UPDATE OR DELETE ON rejected_events
    FOR EACH ROW EXECUTE FUNCTION galla_append_only();
CREATE TRIGGER rejected_events_no_truncate BEFORE TRUNCATE ON rejected_events
    FOR EACH STATEMENT EXECUTE FUNCTION galla_append_only();
