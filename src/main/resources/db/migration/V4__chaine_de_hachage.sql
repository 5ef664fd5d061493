-- Tamper evidence: every exchange record is chained to the previous one by a SHA-256 hash
-- (exact bytes hashed: docs/JOURNAL.md). One chain for all nodes: writers serialise on the
-- single row of chaine_tete, locked for the duration of their transaction.
ALTER TABLE echange ADD COLUMN sequence BIGINT;
ALTER TABLE echange ADD COLUMN hash_precedent CHAR(64);
ALTER TABLE echange ADD COLUMN hash CHAR(64);
CREATE UNIQUE INDEX echange_sequence ON echange (sequence);

CREATE TABLE chaine_tete (
    id       INTEGER  PRIMARY KEY,
    sequence BIGINT   NOT NULL,
    hash     CHAR(64) NOT NULL
);
INSERT INTO chaine_tete (id, sequence, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
