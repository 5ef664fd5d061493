package ma.pmogateway.pmo;

import java.util.List;
import java.util.Locale;

import ma.pmogateway.contract.pmo.ws.ErreurDepot;

/**
 * Every reason for which the reference PMO answers a deposit with the fault ErreurDepot, with its
 * stable code, whether it is temporary (the caller should deliver the same message again later) and
 * its French and English texts (see {@link Wording}).
 */
enum DepotError {

    /** The service is in an outage or failed on purpose (see {@link FailureSimulation}). */
    SERVICE_INDISPONIBLE(true,
            "Service de dépôt momentanément indisponible ; réessayer plus tard avec le même identifiant de message.",
            "Intake service temporarily unavailable; retry later with the same message identifier."),
    /** The payload breaks the PMO schema: {0} is the number of problems, {1} and {2} their French and English list. */
    MESSAGE_INVALIDE(false,
            "Le message n''est pas conforme au schéma du PMO ({0} problème(s)) : {1}",
            "The message does not conform to the PMO schema ({0} problem(s)): {2}"),
    /** The verified caller is registered but not for operation {0}. */
    OPERATION_NON_AUTORISEE(false,
            "L''appelant n''est pas autorisé à l''opération {0}.",
            "The caller may not call operation {0}."),
    /** The deposit could not be recorded (database); nothing was kept. {0} is the correlation id. */
    ERREUR_INTERNE(true,
            "Le dépôt n''a pas pu être enregistré ; rien n''a été conservé. Réessayer plus tard. Référence : {0}",
            "The deposit could not be recorded; nothing was kept. Retry later. Reference: {0}");

    private final boolean temporary;
    private final Wording wording;

    DepotError(boolean temporary, String french, String english) {
        this.temporary = temporary;
        this.wording = new Wording(french, english);
    }

    /** Returns the text in {@code locale} (French unless English is asked), with {@code arguments} substituted. */
    String text(Locale locale, String... arguments) {
        return wording.text(locale, List.of(arguments));
    }

    /**
     * Returns the declared fault for this error: reason in French, detail {@code dep:erreur-depot} with
     * the code, {@code temporaire} and the French and English texts, {@code arguments} substituted.
     */
    ErreurDepot fault(String... arguments) {
        ma.pmogateway.contract.pmo.service.ErreurDepot detail = new ma.pmogateway.contract.pmo.service.ErreurDepot();
        detail.setCode(name());
        detail.setTemporaire(temporary);
        detail.getTexte().addAll(wording.textes(List.of(arguments)));
        return new ErreurDepot(text(Locale.FRENCH, arguments), detail);
    }
}
