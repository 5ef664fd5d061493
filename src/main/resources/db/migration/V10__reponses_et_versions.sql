-- Journal, second format of the chain (docs/JOURNAL.md):
--  * every exchange record names the versions of the business rules, stylesheets and code lists the
--    gateway ran when it handled the request (records written before this migration keep the first
--    format, which has none, and still verify);
--  * the answer sent for an exchange (receipt, report or fault), byte for byte as it left the gateway,
--    is a link of the same hash chain, written after its exchange record.
-- Portable SQL: runs on H2 (embedded default) and PostgreSQL.
ALTER TABLE echange ADD COLUMN format_chaine VARCHAR(32) DEFAULT 'pmo-gateway-journal-v1' NOT NULL;
ALTER TABLE echange ADD COLUMN version_regles VARCHAR(200);
ALTER TABLE echange ADD COLUMN version_transformation VARCHAR(200);
ALTER TABLE echange ADD COLUMN version_listes VARCHAR(4000);

-- nature: REPONSE (the operation's answer) or FAUTE (a SOAP fault).
CREATE TABLE reponse (
    echange_id        CHAR(36)    PRIMARY KEY REFERENCES echange (id),
    envoyee_le        TIMESTAMP WITH TIME ZONE NOT NULL,
    nature            VARCHAR(8)  NOT NULL,
    empreinte_reponse CHAR(64)    NOT NULL,
    reponse           BYTEA       NOT NULL,
    sequence          BIGINT      NOT NULL,
    hash_precedent    CHAR(64)    NOT NULL,
    hash              CHAR(64)    NOT NULL
);
CREATE UNIQUE INDEX reponse_sequence ON reponse (sequence);

-- The whole chain in sequence order, whatever kind of link: what checkpoints and audits walk.
CREATE VIEW chaine AS
    SELECT sequence, id AS echange_id, 'ECHANGE' AS nature_lien, hash FROM echange
    UNION ALL
    SELECT sequence, echange_id, 'REPONSE' AS nature_lien, hash FROM reponse;
