-- Cumulative committed, issued and paid amounts of accepted progress reports, beside their physical
-- progress: the history that the rule "cumulative amounts never decrease" (R-FIN-005) reads.
-- Reports accepted before this column existed have none (NULL): they are compared on progress only.
ALTER TABLE projet_avancement ADD COLUMN montant_engage DECIMAL(17, 2);
ALTER TABLE projet_avancement ADD COLUMN montant_emis DECIMAL(17, 2);
ALTER TABLE projet_avancement ADD COLUMN montant_paye DECIMAL(17, 2);
