package ma.pmogateway.pmo;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;

import ma.pmogateway.contract.pmo.Texte;

/**
 * One text of the reference PMO in French and in English, as {@link MessageFormat} templates whose
 * arguments are always strings (so no number or date is ever formatted by a locale).
 *
 * <p>The sandbox keeps its wording in code rather than in the gateway's resource bundles because it
 * stands for another institution: its texts belong to the simulated PMO, not to the gateway.
 *
 * @param french  the French template (apostrophes doubled, as MessageFormat wants)
 * @param english the English template
 */
record Wording(String french, String english) {

    /** Longest text the PMO schema allows (cm:TexteLong). */
    private static final int MAX_TEXT = 4000;

    /** Returns the text in {@code locale} (English if asked, French otherwise), at most 4000 characters. */
    String text(Locale locale, List<String> arguments) {
        boolean english = Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
        String text = new MessageFormat(english ? this.english : french, locale).format(arguments.toArray());
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    /** Returns the French and then the English text as {@code pmo:texte} elements. */
    List<Texte> textes(List<String> arguments) {
        return List.of(texte(text(Locale.FRENCH, arguments), "fr"), texte(text(Locale.ENGLISH, arguments), "en"));
    }

    private static Texte texte(String value, String language) {
        Texte texte = new Texte();
        texte.setValue(value);
        texte.setLang(language);
        return texte;
    }
}
