package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.GoCertificateChecks;
import dev.tlsdoctor.certs.RefusedCertificate;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.util.Map;

/** A certificate the JDK's parser refuses: Java clients cannot use it; Go, where its parser refuses it too, neither. */
public final class StrictParserRefuses extends Check<RefusedCertificate> {
    public StrictParserRefuses() {
        super("strict-parser-refuses", RefusedCertificate.class);
    }

    @Override
    public void check(RefusedCertificate e, RuleContext out) {
        String go = GoCertificateChecks.refusal(e.der());
        boolean goRefuses = go != null && !go.equals(GoCertificateChecks.UNDETERMINED);
        String goWords = goRefuses ? "Go (CockroachDB, cockroach sql) refuses it too: " + go
                : go == null ? "Go's parser passes the checks tls-doctor mirrors from crypto/x509 parseCertificate"
                : "whether Go reads it was not determined";
        String certificate = (e.place().isEmpty() ? "the certificate" : "certificate " + e.place()) + " (" + e.subject() + ")";
        out.report(goRefuses ? Severity.ERROR : Severity.WARNING, e.where(),
                certificate + " is refused by the JDK's parser (" + e.jdkReason() + "), so Java clients cannot use it; " + goWords
                        + (e.lenient() == null ? "; BouncyCastle cannot read it either, so it is not judged further" : ""),
                Map.of("showCommand", showCommand(e)));
    }

    /** An OpenSSL command that prints every certificate of the file, whatever its encoding. */
    private static String showCommand(RefusedCertificate e) {
        String file = e.file().toString();
        if (e.encoding() == CertParser.Encoding.PKCS7) {
            return "openssl pkcs7 -inform DER -print_certs -text -noout -in " + file;
        }
        if (e.encoding() == CertParser.Encoding.PKCS7_PEM) {
            return "openssl pkcs7 -print_certs -text -noout -in " + file;
        }
        return "openssl storeutl -noout -text -certs " + file;
    }
}
