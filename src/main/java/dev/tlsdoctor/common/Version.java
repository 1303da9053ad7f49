package dev.tlsdoctor.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The tool's version, written into the jar by the build. */
public final class Version {
    private static String version;

    private Version() {}

    public static synchronized String get() {
        if (version == null) {
            Properties props = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("/tls-doctor.properties")) {
                if (in != null) {
                    props.load(in);
                }
            } catch (IOException e) {
                // fall through to "unknown"
            }
            version = props.getProperty("version", "unknown");
        }
        return version;
    }
}
