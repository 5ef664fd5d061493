package ma.pmogateway.pmo;

import java.util.List;

import ma.pmogateway.contract.pmo.Observation;

/**
 * Everything the reference PMO may say about one deposited item, each with the stable code and type
 * of its {@code pmo:observation} and its French and English texts (see {@link Wording}).
 *
 * <p>A {@link Kind#MOTIF_REJET} finding makes the item rejected; the others accompany an accepted
 * item.
 */
enum Finding {

    PROJET_ENREGISTRE(Kind.OBSERVATION,
            "Projet enregistré au PMO sous la référence {0}.",
            "Project registered by the PMO under reference {0}."),
    PROJET_MIS_A_JOUR(Kind.OBSERVATION,
            "Fiche du projet {0} mise à jour.",
            "Record of project {0} updated."),
    PROJET_DEJA_CONNU(Kind.OBSERVATION,
            "Le projet {0} était déjà enregistré sous la référence {1} : la fiche a été traitée comme une mise à jour.",
            "Project {0} was already registered under reference {1}: the record was processed as an update."),
    SITUATION_ANTERIEURE(Kind.OBSERVATION,
            "Situation au {0} antérieure à la dernière reçue (au {1}) : conservée dans l''historique, l''état courant du projet est inchangé.",
            "Situation as of {0} is older than the last one received (as of {1}): kept in the history, the project''s current state is unchanged."),
    PROJET_EN_RETARD(Kind.ALERTE,
            "Projet en retard au {0} : état {1}, retard de {2} jour(s) sur la fin prévue.",
            "Project late as of {0}: state {1}, {2} day(s) behind its planned end."),
    PROJET_BLOQUE(Kind.ALERTE,
            "Projet bloqué au {0} : un plan de déblocage est attendu au prochain comité de suivi.",
            "Project blocked as of {0}: an unblocking plan is expected at the next monitoring committee."),
    JALON_EN_RETARD(Kind.ALERTE,
            "Jalon {0} atteint avec {1} jours de retard sur la date prévue ({2}).",
            "Milestone {0} reached {1} days after its planned date ({2})."),
    RISQUE_MAJEUR(Kind.ALERTE,
            "Risque {0} de niveau 3 ouvert depuis le {1}.",
            "Level 3 {0} risk open since {1}."),
    PROJET_INCONNU(Kind.MOTIF_REJET,
            "Aucun projet {0} n''est enregistré au PMO : déposer d''abord sa fiche (opération creation).",
            "No project {0} is registered by the PMO: deposit its record first (operation creation)."),
    REFERENCE_PMO_INCONNUE(Kind.MOTIF_REJET,
            "La référence PMO {0} est donnée pour le projet {1}, que le PMO ne connaît pas.",
            "PMO reference {0} is given for project {1}, which the PMO does not know."),
    REFERENCE_PMO_DISCORDANTE(Kind.MOTIF_REJET,
            "La référence PMO {0} n''est pas celle du projet {1}, enregistré sous {2}.",
            "PMO reference {0} is not that of project {1}, registered as {2}."),
    FINANCEMENT_INCOHERENT(Kind.MOTIF_REJET,
            "La somme des sources de financement ({0} MAD) diffère du budget du projet ({1} MAD).",
            "The funding sources add up to {0} MAD, not to the project''s budget of {1} MAD."),
    EXECUTION_INCOHERENTE(Kind.MOTIF_REJET,
            "Exécution financière incohérente au {0} : engagements {1} MAD, émissions {2} MAD, paiements {3} MAD (attendu : engagements ≥ émissions ≥ paiements).",
            "Inconsistent financial execution as of {0}: commitments {1} MAD, issued {2} MAD, paid {3} MAD (expected: commitments ≥ issued ≥ paid).");

    /** The observation types of the PMO schema. */
    enum Kind {
        OBSERVATION("observation"), ALERTE("alerte"), MOTIF_REJET("motif-rejet");

        private final String value;

        Kind(String value) {
            this.value = value;
        }
    }

    private final Kind kind;
    private final Wording wording;

    Finding(Kind kind, String french, String english) {
        this.kind = kind;
        this.wording = new Wording(french, english);
    }

    /** Returns the observation code, e.g. {@code PROJET-EN-RETARD}. */
    String code() {
        return name().replace('_', '-');
    }

    /** Returns this finding about one item, with the arguments of its texts. */
    Remark with(String... arguments) {
        return new Remark(this, List.of(arguments));
    }

    /**
     * One finding about one item, with the arguments of its texts.
     *
     * @param finding   what was found
     * @param arguments the template arguments, already formatted
     */
    record Remark(Finding finding, List<String> arguments) {

        /** Returns true if this remark makes the item rejected. */
        boolean rejects() {
            return finding.kind == Kind.MOTIF_REJET;
        }

        /** Returns the remark as a {@code pmo:observation} with its French and English texts. */
        Observation observation() {
            Observation observation = new Observation();
            observation.setCode(finding.code());
            observation.setType(finding.kind.value);
            observation.getTexte().addAll(finding.wording.textes(arguments));
            return observation;
        }
    }
}
