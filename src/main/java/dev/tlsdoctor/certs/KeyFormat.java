package dev.tlsdoctor.certs;

/** How a private key file is written; which clients can read it differs (see the key-format rules). */
public enum KeyFormat {
    PKCS1_PEM("PKCS#1 PEM (RSA PRIVATE KEY)"),
    SEC1_PEM("SEC1 PEM (EC PRIVATE KEY)"),
    PKCS8_PEM("PKCS#8 PEM (PRIVATE KEY)"),
    PKCS8_DER("PKCS#8 DER (.pk8)"),
    ENCRYPTED_PKCS8("encrypted PKCS#8 (ENCRYPTED PRIVATE KEY)"),
    LEGACY_ENCRYPTED_PEM("encrypted PEM (Proc-Type: 4,ENCRYPTED)"),
    PKCS12("in a PKCS#12 file (.p12/.pfx)"),
    KEY_STORE("in a Java key store (JKS/JCEKS)");

    private final String description;

    KeyFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean isEncrypted() {
        return this == ENCRYPTED_PKCS8 || this == LEGACY_ENCRYPTED_PEM;
    }
}
