-- Physical progress of accepted progress reports, per project and as-of date: the history that the
-- rule "physical progress never decreases" (R-HIS-001) reads.
CREATE TABLE projet_avancement (
    code_projet VARCHAR(32)   NOT NULL,
    date_arrete DATE          NOT NULL,
    avancement  DECIMAL(5, 2) NOT NULL,
    echange_id  CHAR(36)      NOT NULL REFERENCES echange (id),
    PRIMARY KEY (code_projet, date_arrete)
);
