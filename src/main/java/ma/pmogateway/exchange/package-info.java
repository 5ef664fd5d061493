/**
 * What an exchange is before any step has read it: the request exactly as received
 * ({@link ma.pmogateway.exchange.ReceivedRequest}). Capture (service, PMO sandbox), signature coverage
 * (security) and the journal all use it; it depends on nothing of theirs, so none of them imports
 * another for it.
 */
package ma.pmogateway.exchange;
