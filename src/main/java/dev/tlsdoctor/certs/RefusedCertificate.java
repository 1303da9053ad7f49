package dev.tlsdoctor.certs;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * Evidence: a certificate the JDK's strict parser refuses although it is an X.509 certificate that more
 * lenient parsers (OpenSSL's, BouncyCastle's) read.
 *
 * @param file the file it is in
 * @param encoding how the file is written
 * @param place where in the file: {@code #2} (the second certificate), {@code :alias} (a key store entry), or empty for the only one
 * @param der its encoding as found
 * @param jdkReason what the JDK's parser said
 * @param lenient the certificate as BouncyCastle reads it, judged like any other; null when only its outline could be read
 * @param subject its subject as written, or null when even that cannot be read
 */
public record RefusedCertificate(Path file, CertParser.Encoding encoding, String place, byte[] der, String jdkReason, X509Certificate lenient, String subject) implements dev.tlsdoctor.common.Evidence {

    /** What findings name: the file and the place in it. */
    public String where() {
        return file + place;
    }
}
