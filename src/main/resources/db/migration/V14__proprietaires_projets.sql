-- Which Al Omrane entity owns each project: the entity named in its code (AO-<entité>-…), recorded at
-- its first accepted fiche, changed only by a head-office transfer (TransfererProjet). Only the owner,
-- or the head office, may submit fiches or progress reports for it (docs/SECURITY.md §5).
CREATE TABLE projet_proprietaire (
    code_projet  VARCHAR(32) PRIMARY KEY,
    proprietaire VARCHAR(16) NOT NULL,
    -- the exchange that gave the project this owner: its first accepted fiche, or the transfer
    echange_id   CHAR(36)    NOT NULL REFERENCES echange (id)
);

-- Projects accepted before this version belong to the entity their code names; the exchange cited is
-- one of their accepted fiches.
INSERT INTO projet_proprietaire (code_projet, proprietaire, echange_id)
SELECT el.reference,
       SUBSTRING(el.reference FROM 1 FOR 2 + POSITION('-' IN SUBSTRING(el.reference FROM 4))),
       MIN(el.echange_id)
FROM echange_element el JOIN echange e ON e.id = el.echange_id
WHERE e.verdict = 'ACCEPTE' AND el.nature = 'FICHE_PROJET'
GROUP BY el.reference;
