package ma.pmogateway.security;

/**
 * An institutional sender known to the gateway, and what it may do.
 *
 * @param code       the Al Omrane entity code, e.g. {@code AO-SIEGE}, {@code AO-CS}
 * @param operations the operations it may call
 * @param regions    the HCP region codes it may report on
 * @param provinces  the provinces (RR.PPP) it may report on within its regions; {@link Grant#ALL} when
 *                   its regions are not restricted further
 */
public record Sender(String code, Grant operations, Grant regions, Grant provinces) {

    /** Returns true if the sender may call {@code operation}. */
    public boolean mayCall(String operation) {
        return operations.includes(operation);
    }

    /** Returns true if the sender may report on a place in {@code region} and {@code province}. */
    public boolean mayReportOn(String region, String province) {
        return regions.includes(region) && provinces.includes(province);
    }
}
