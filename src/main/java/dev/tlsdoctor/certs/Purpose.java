package dev.tlsdoctor.certs;

import java.util.Set;

/** {@code --purpose}: what a certificate given on the command line is for, hence which EKU it needs. */
public enum Purpose {
    SERVER(Set.of(CertFacts.EKU_SERVER_AUTH)),
    CLIENT(Set.of(CertFacts.EKU_CLIENT_AUTH)),
    ANY(Set.of());

    private final Set<String> usages;

    Purpose(Set<String> usages) {
        this.usages = usages;
    }

    public Set<String> usages() {
        return usages;
    }
}
