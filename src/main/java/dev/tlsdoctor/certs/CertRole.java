package dev.tlsdoctor.certs;

/**
 * The role CockroachDB's certificate loader gives a file, by its name. {@link #LEAF} is ours: a
 * certificate given on the command line, judged by {@code --purpose} rather than by a name.
 */
public enum CertRole {
    CA("ca", "CA", true),
    CLIENT_CA("ca-client", "Client CA", true),
    TENANT_CLIENT_CA("ca-client-tenant", "Tenant Client CA", true),
    UI_CA("ca-ui", "UI CA", true),
    NODE("node", "Node", false),
    UI("ui", "UI", false),
    CLIENT("client", "Client", false),
    TENANT_CLIENT("client-tenant", "Tenant Client", false),
    TENANT_SIGNING("tenant-signing", "Tenant Signing", false),
    LEAF(null, "Certificate", false);

    private final String prefix;
    private final String usage;
    private final boolean authority;

    CertRole(String prefix, String usage, boolean authority) {
        this.prefix = prefix;
        this.usage = usage;
        this.authority = authority;
    }

    /** The first dot-separated part of the file name that selects this role, e.g. {@code ca-client}. */
    public String prefix() {
        return prefix;
    }

    /** The "Usage" column of {@code cockroach cert list}. */
    public String usage() {
        return usage;
    }

    /** CA files: trust anchors, no key looked up, no key-permission rule. */
    public boolean isAuthority() {
        return authority;
    }

    /** Roles whose file name carries a user or tenant id between the first and last dot. */
    public boolean takesArgument() {
        return this == CLIENT || this == TENANT_CLIENT || this == TENANT_SIGNING;
    }

    static CertRole byPrefix(String prefix) {
        for (CertRole role : values()) {
            if (prefix.equals(role.prefix)) {
                return role;
            }
        }
        return null;
    }
}
