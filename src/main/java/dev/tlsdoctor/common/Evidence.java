package dev.tlsdoctor.common;

/**
 * What was observed, for the rules to judge: a certificate file, a certs directory, a key, a connection URL,
 * an OCSP or CRL answer, a probe of an endpoint… Each check is typed by the one kind it judges
 * ({@code Check<CertEvidence>}), and the engine hands it only that kind.
 *
 * <p>Not sealed: the kinds live in the packages that observe them (certs, client, ocsp, probe), and Java
 * seals an interface across packages only inside a named module.
 */
public interface Evidence {}
