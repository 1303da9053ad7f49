package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.KeyFormat;
import dev.tlsdoctor.probe.ClientKeyFile;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client key written in a form its client cannot read. The PostgreSQL JDBC driver (checked against
 * 42.7.8) reads sslkey only as PKCS#8 DER (.pk8, encrypted or not) or a PKCS#12 store (.p12/.pfx):
 * PKCS#1 and PKCS#8 PEM both fail with "Could not read SSL key file".
 */
public final class ClientKeyFormat extends Check<ClientKeyFile> {
    public ClientKeyFormat() {
        super("key-format", ClientKeyFile.class);
    }

    @Override
    public void check(ClientKeyFile e, RuleContext out) {
        if (e.isPkcs12()) {
            return;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("keyFile", e.file().toString());
        vars.put("client", e.client());
        boolean derPkcs8 = !e.pem() && (e.format() == KeyFormat.PKCS8_DER || e.format() == KeyFormat.ENCRYPTED_PKCS8);
        if (e.format() != null && !derPkcs8) {
            out.report(e.subject(), "sslkey " + e.file() + " is " + e.format().description() + ", but the " + e.client()
                    + " reads keys only as PKCS#8 DER (.pk8) or PKCS#12 (.p12)"
                    + (e.clientError() != null ? "; it failed with: " + e.clientError() : "; it will fail with: Could not read SSL key file " + e.file()), vars);
        } else if (e.clientError() != null) {
            out.report(e.subject(), "the " + e.client() + " could not read sslkey " + e.file() + ": " + e.clientError(), vars);
        }
    }
}
