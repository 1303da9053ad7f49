package dev.tlsdoctor.ocsp;

import java.security.cert.X509Certificate;

/**
 * One certificate to check and the certificate that issued it (as in CockroachDB: the next one in the
 * verified chain). {@code issuer} is null when it could not be found; then only the absence of a
 * responder URL can be judged.
 */
record ChainLink(RevocationTarget target, X509Certificate cert, X509Certificate issuer) {}
