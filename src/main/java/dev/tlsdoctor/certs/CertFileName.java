package dev.tlsdoctor.certs;

/**
 * How CockroachDB's loader reads a {@code .crt} file name (pkg/security/certnames): the first
 * dot-separated part picks the role; CA, node and UI files must be exactly {@code <role>.crt}; client
 * files carry the user between the first and last dot, kept as written (not lowercased).
 *
 * @param role the role, or null when the loader skips the file
 * @param argument the user (client) or tenant id (tenant files), else null
 * @param problem why the loader skips the file, in its own words, or null
 */
public record CertFileName(CertRole role, String argument, String problem) {

    public static CertFileName parse(String fileName) {
        if (!fileName.endsWith(".crt")) {
            return new CertFileName(null, null, "not a .crt file");
        }
        String[] parts = fileName.split("\\.", -1);
        if (parts.length < 2) {
            return new CertFileName(null, null, "not enough parts found");
        }
        CertRole role = CertRole.byPrefix(parts[0]);
        if (role == null) {
            return new CertFileName(null, null, "unknown prefix \"" + parts[0] + "\"");
        }
        if (!role.takesArgument()) {
            return parts.length == 2
                    ? new CertFileName(role, null, null)
                    : new CertFileName(null, null, role.prefix() + " certificate filename should match " + role.prefix() + ".crt");
        }
        if (parts.length < 3) {
            String expected = role == CertRole.CLIENT ? "client.<user>.crt" : role.prefix() + ".<tenant-id>.crt";
            return new CertFileName(null, null, role.prefix() + " certificate filename should match " + expected);
        }
        String argument = fileName.substring(parts[0].length() + 1, fileName.length() - ".crt".length());
        return new CertFileName(role, argument, null);
    }

    /** Whether {@code fileName} is the key of a CA role ({@code ca.key}, {@code ca-client.key}, …), which CockroachDB never reads. */
    public static boolean isCaKey(String fileName) {
        if (!fileName.endsWith(".key")) {
            return false;
        }
        CertRole role = CertRole.byPrefix(fileName.substring(0, fileName.length() - ".key".length()));
        return role != null && role.isAuthority();
    }

    /** The key file CockroachDB looks for beside a certificate: {@code .crt} swapped for {@code .key}. */
    public static String keyFileFor(String certFileName) {
        return certFileName.substring(0, certFileName.length() - ".crt".length()) + ".key";
    }
}
