package ma.pmogateway.security;

import java.util.Set;

/**
 * An institutional sender known to the gateway, and what it may do.
 *
 * @param code       the Al Omrane entity code, e.g. {@code AO-SIEGE}, {@code AO-CS}
 * @param operations operation names it may call; empty means every operation
 * @param regions    HCP region codes it may report on; empty means every region
 * @param provinces  if not empty, the only provinces (RR.PPP) it may report on within its regions
 */
public record Sender(String code, Set<String> operations, Set<String> regions, Set<String> provinces) {

    public Sender {
        operations = Set.copyOf(operations);
        regions = Set.copyOf(regions);
        provinces = Set.copyOf(provinces);
    }

    /** Returns true if the sender may call {@code operation}. */
    public boolean mayCall(String operation) {
        return operations.isEmpty() || operations.contains(operation);
    }

    /** Returns true if the sender may report on a place in {@code region} and {@code province}. */
    public boolean mayReportOn(String region, String province) {
        return (regions.isEmpty() || regions.contains(region))
                && (provinces.isEmpty() || provinces.contains(province));
    }
}
