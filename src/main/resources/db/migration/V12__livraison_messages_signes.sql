-- The evidence of each delivery to the PMO, byte for byte: the signed message as it left the gateway
-- and the PMO's signed acknowledgement as it arrived (docs/AUDIT.md). `accuse` keeps the
-- acknowledgement's payload, from which the PMO's feedback is derived.
ALTER TABLE outbox ADD COLUMN message_envoye BYTEA;
ALTER TABLE outbox ADD COLUMN accuse_signe BYTEA;
