package ma.pmogateway.journal;

/** A region and province (HCP codes) where a project lies. */
public record Place(String region, String province) {
}
