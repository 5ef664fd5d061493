package ma.pmogateway.rules;

import java.util.List;

import ma.pmogateway.contract.ContractSchemas;
import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.journal.Versions;
import ma.pmogateway.transform.Transformer;
import ma.pmogateway.transform.XsltRuntime;

/**
 * The composition root of everything the gateway compiles once and shares: the published schemas, the
 * stylesheets and code lists, the business rules (Schematron and history rules) and the validator that
 * runs them in the message path's order. The server, the {@code validate}, {@code transform} and
 * {@code audit} commands and the tests all build them here, so that each judges a document with the
 * same parts. Thread-safe once compiled.
 *
 * @param runtime     the XSLT runtime with its code lists
 * @param contracts   the published schemas
 * @param rules       the Schematron rules
 * @param transformer the AO-to-PMO transformation
 * @param validator   every check of a batch, in order
 */
public record CompiledChecks(XsltRuntime runtime, ContractValidator contracts, BusinessRules rules,
        Transformer transformer, EnvoiValidator validator) {

    /** Compiles every part (a few hundred milliseconds: do it once per process). */
    public static CompiledChecks compile() {
        XsltRuntime runtime = XsltRuntime.create();
        ContractValidator contracts = new ContractValidator(new ContractSchemas());
        BusinessRules rules = new BusinessRules(runtime);
        Transformer transformer = new Transformer(runtime, contracts);
        return new CompiledChecks(runtime, contracts, rules, transformer,
                new EnvoiValidator(runtime, contracts, rules,
                        List.of(new ProgressNeverDecreases(), new AmountsNeverDecrease()), transformer));
    }

    /** The versions of rules, stylesheets and code lists every exchange record names. */
    public Versions versions() {
        return new Versions(rules.version(), transformer.version(), transformer.codeListsVersion());
    }
}
