/**
 * A reference PMO intake service implementing the PMO contract ({@code wsdl/pmo-depot-v1.wsdl}), used
 * for local runs, demos and integration tests; the real PMO replaces it by configuration.
 *
 * <p>{@link ma.pmogateway.pmo.PmoReferenceService#publish} is the entry point and
 * {@link ma.pmogateway.pmo.FailureSimulation} its switchboard of deliberate failures; everything else
 * is package-private. The request path reads in {@code PmoReferenceService}: availability, WS-Security,
 * caller identification, checks, intake. The service keeps its own register in the {@code pmo_*}
 * tables (migration V8), reached through the journal's {@code PmoSandboxStore} (this package writes no
 * SQL), and never touches the gateway's tables, except the shared replay table.
 * See docs/PMO-SANDBOX.md.
 */
package ma.pmogateway.pmo;
