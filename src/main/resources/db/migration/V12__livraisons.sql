-- The delivery of an accepted exchange to the PMO, as a link of the journal's hash chain
-- (docs/JOURNAL.md): the gateway's signed message as it left and the PMO's signed acknowledgement as
-- it arrived, byte for byte, written in the transaction that marks the outbox entry delivered.
-- Portable SQL: runs on H2 (embedded default) and PostgreSQL.
CREATE TABLE livraison (
    echange_id        CHAR(36)    PRIMARY KEY REFERENCES echange (id),
    livre_le          TIMESTAMP WITH TIME ZONE NOT NULL,
    empreinte_message CHAR(64)    NOT NULL,
    message_envoye    BYTEA       NOT NULL,
    empreinte_accuse  CHAR(64)    NOT NULL,
    accuse_recu       BYTEA       NOT NULL,
    sequence          BIGINT      NOT NULL,
    hash_precedent    CHAR(64)    NOT NULL,
    hash              CHAR(64)    NOT NULL
);
CREATE UNIQUE INDEX livraison_sequence ON livraison (sequence);

-- The whole chain in sequence order, now with the deliveries.
DROP VIEW chaine;
CREATE VIEW chaine AS
    SELECT sequence, id AS echange_id, 'ECHANGE' AS nature_lien, hash FROM echange
    UNION ALL
    SELECT sequence, echange_id, 'REPONSE' AS nature_lien, hash FROM reponse
    UNION ALL
    SELECT sequence, echange_id, 'LIVRAISON' AS nature_lien, hash FROM livraison;
