package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertNames;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Wording shared by the checks' messages. */
final class Describe {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Describe() {}

    /** "the certificate" for the file's only/first one, else "certificate #2 (CN=…)"; intermediates found elsewhere by name. */
    static String cert(CertEvidence e, X509Certificate cert) {
        int index = e.certs().indexOf(cert);
        String name = "'" + CertNames.shortName(cert.getSubjectX500Principal()) + "'";
        if (index == 0 && e.certs().size() == 1) {
            return "the certificate " + name;
        }
        return index >= 0 ? "certificate #" + (index + 1) + " " + name : "intermediate " + name;
    }

    static String name(X509Certificate cert) {
        return "'" + CertNames.shortName(cert.getSubjectX500Principal()) + "'";
    }

    static String date(Instant instant) {
        return DATE.format(instant);
    }

    static String sans(X509Certificate cert) {
        java.util.List<String> sans = CertNames.allSans(cert);
        return sans.isEmpty() ? "none" : String.join(", ", sans);
    }
}
