package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.KeyReader;
import dev.tlsdoctor.client.ClientUrl;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/**
 * A connection URL that will send no client certificate although certificate login is evidently
 * intended (the URL names one that is not there, or the certs directory has one for the user), so
 * the node asks for a password. A URL with a password means password login is intended: no finding.
 */
public final class PasswordAuth extends Check<ClientUrl> {
    public PasswordAuth() {
        super("password-auth", ClientUrl.class);
    }

    @Override
    public void check(ClientUrl e, RuleContext out) {
        if (e.hasPassword() || e.cert().exists() && e.key().exists()) {
            return;
        }
        String missing = !e.cert().exists() ? e.cert().describe() : e.key().describe();
        boolean intended = e.cert().explicit() || e.key().explicit() || e.certsDirClientCert() != null;
        if (!intended) {
            return;
        }
        String keyName = e.reader() == KeyReader.JDBC ? ".key.pk8" : ".key";
        String change;
        if (e.certsDirClientCert() != null) {
            String stem = e.certsDirClientCert().toString().substring(0, e.certsDirClientCert().toString().length() - ".crt".length());
            change = "add sslcert=" + e.certsDirClientCert() + "&sslkey=" + stem + keyName + " to the URL";
        } else {
            change = "put the client certificate and key where " + e.cert().setting() + "/" + e.key().setting() + " point, or fix those paths";
        }
        out.report(e.display(), missing + " does not exist, so the client sends no certificate and the node asks "
                + (e.user() != null ? e.user() : "the user") + " for a password instead", ClientVars.of(e, change));
    }
}
