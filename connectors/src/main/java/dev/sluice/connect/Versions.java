package dev.sluice.connect;

/** The plug-in's version, as Connect's REST API shows it: the jar's, or "development" when run from classes. */
final class Versions {
    private Versions() {
    }

    static String current() {
        String version = Versions.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
