-- The stylesheet, code-list and business-rule sets the gateway has run (docs/AUDIT.md §3), each file
-- kept once per set, so that `audit verify` can re-run the versions an exchange record names even after
-- the gateway has moved on to newer ones. A set is identified by the SHA-256 of its files concatenated
-- in order (the `sha256=` part of the identifier recorded with every exchange): an archived set that
-- was altered no longer matches it. Nothing is deleted. Portable SQL: H2 and PostgreSQL.
CREATE TABLE artefact (
    empreinte_ensemble CHAR(64)     NOT NULL,
    identifiant        VARCHAR(4000) NOT NULL,
    rang               INTEGER      NOT NULL,
    nom                VARCHAR(300) NOT NULL,
    contenu            BYTEA        NOT NULL,
    premiere_utilisation TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (empreinte_ensemble, rang)
);
