package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.client.ClientUrl;
import java.util.LinkedHashMap;
import java.util.Map;

/** Template variables for findings about a connection URL. */
final class ClientVars {
    private ClientVars() {}

    static Map<String, String> of(ClientUrl e, String change) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("change", change);
        vars.put("user", e.user() != null ? e.user() : "$USER");
        vars.put("host", e.host() != null ? e.host() : "localhost");
        vars.put("rootCert", e.rootCert().path().toString());
        vars.put("certsDir", e.certsDir() != null ? e.certsDir().toString() : "$HOME/.cockroach-certs");
        return vars;
    }
}
