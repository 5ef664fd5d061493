-- Journal v1: exchanges as received, their items, known project locations, and the replay registry.
-- Portable SQL: runs on H2 (embedded default) and PostgreSQL (several nodes).

-- Every request that reached the gateway, accepted or rejected, with its bytes exactly as received.
CREATE TABLE echange (
    id                   CHAR(36)      PRIMARY KEY,
    recu_le              TIMESTAMP WITH TIME ZONE NOT NULL,
    operation            VARCHAR(40),
    emetteur             VARCHAR(16),
    empreinte_certificat CHAR(64),
    identifiant_envoi    CHAR(36),
    empreinte_requete    CHAR(64)      NOT NULL,
    requete              BYTEA         NOT NULL,
    verdict              VARCHAR(10)   NOT NULL,
    code_erreur          VARCHAR(64),
    motifs               VARCHAR(1000000),
    correlation          CHAR(36)      NOT NULL
);
CREATE INDEX echange_recu_le ON echange (recu_le);
CREATE INDEX echange_emetteur ON echange (emetteur);

-- One row per accepted batch: a batch id is accepted once per sender.
CREATE TABLE envoi_accepte (
    emetteur          VARCHAR(16) NOT NULL,
    identifiant_envoi CHAR(36)    NOT NULL,
    echange_id        CHAR(36)    NOT NULL REFERENCES echange (id),
    empreinte_contenu CHAR(64)    NOT NULL,
    PRIMARY KEY (emetteur, identifiant_envoi)
);

-- The items of an accepted exchange (fiches or situations), in batch order.
CREATE TABLE echange_element (
    echange_id  CHAR(36)    NOT NULL REFERENCES echange (id),
    rang        INTEGER     NOT NULL,
    reference   VARCHAR(32) NOT NULL,
    nature      VARCHAR(16) NOT NULL,
    date_arrete DATE,
    PRIMARY KEY (echange_id, rang)
);
CREATE INDEX echange_element_reference ON echange_element (reference);

-- Where each known project lies (from its last accepted fiche): authorises later situations.
CREATE TABLE projet_localisation (
    code_projet VARCHAR(32) NOT NULL,
    region      CHAR(2)     NOT NULL,
    province    CHAR(6)     NOT NULL,
    PRIMARY KEY (code_projet, region, province)
);

-- Signed messages already accepted (SHA-256 of Timestamp Created + SignatureValue), until they expire.
CREATE TABLE rejeu (
    empreinte CHAR(64) PRIMARY KEY,
    expire_le TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX rejeu_expire_le ON rejeu (expire_le);
