package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.Principals;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/**
 * The certificate a node presents when it dials other nodes (client.node.crt, else node.crt) must
 * carry the principal "node", or inter-node RPC is refused ("need root or node client cert").
 */
public final class NodeCn extends Check<CertEvidence> {
    public NodeCn() {
        super("node-cn", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        boolean nodeClientCert = e.role() == CertRole.NODE && !e.splitNode()
                || e.role() == CertRole.CLIENT && "node".equals(e.argument());
        if (nodeClientCert && !Principals.grants(e.leaf(), out.settings().principalMap(), "node")) {
            out.report(e.subject(), "is the node's client certificate for inter-node connections, but it does not carry the principal \"node\"; its principals are "
                    + Principals.describe(Principals.of(e.leaf(), out.settings().principalMap())), FixCommands.vars(e));
        }
    }
}
