package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.client.ClientUrl;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/**
 * A connection URL aimed at the DB Console's HTTP port: it does not speak pgwire, so the client's
 * SSLRequest is dropped and the connection ends mid-handshake. (A dropped handshake seen live is
 * reported by explain from the pasted error, and by probe.)
 */
public final class ConnectionEof extends Check<ClientUrl> {
    public ConnectionEof() {
        super("connection-eof", ClientUrl.class);
    }

    @Override
    public void check(ClientUrl e, RuleContext out) {
        int httpPort = out.intParam("http-port");
        if (e.port() == httpPort) {
            out.report(e.display(), "port " + httpPort + " is the DB Console's HTTP port, not the SQL port: the node drops the SQL handshake there",
                    ClientVars.of(e, "connect to the SQL port instead (26257 unless --listen-addr or --sql-addr say otherwise)"));
        }
    }
}
