-- Trust material archive (docs/AUDIT.md, docs/JOURNAL.md): every trust anchor and CRL the gateway has
-- verified signers with, kept once, so that `audit verify` can check a stored request's signer with the
-- material of the day it was received, whatever the trust store holds by then; and every certificate the
-- gateway itself has signed with (PASSERELLE), so that its older checkpoints and deliveries still verify
-- after a key rotation. Nothing is deleted.
-- Content-addressed: empreinte is the SHA-256 (hex) of the DER bytes; premiere_utilisation is when a
-- gateway node first started with it. Portable SQL: runs on H2 (embedded default) and PostgreSQL.
CREATE TABLE materiel_confiance (
    empreinte            CHAR(64)      PRIMARY KEY,
    nature               VARCHAR(10)   NOT NULL CHECK (nature IN ('CERTIFICAT', 'CRL', 'PASSERELLE')),
    sujet                VARCHAR(1000),
    emetteur             VARCHAR(1000) NOT NULL,
    der                  BYTEA         NOT NULL,
    premiere_utilisation TIMESTAMP WITH TIME ZONE NOT NULL
);
