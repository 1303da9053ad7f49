package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.Principals;
import dev.tlsdoctor.certs.Principals.Principal;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.List;

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
        if (!nodeClientCert) {
            return;
        }
        List<Principal> principals = Principals.ofRpc(e.leaf(), out.settings().principalMap());
        if (principals.stream().noneMatch(p -> p.name().equals("node"))) {
            boolean onlyCase = Principals.grants(e.leaf(), out.settings().principalMap(), "node");
            out.report(e.subject(), "is the node's client certificate for inter-node connections, but it does not carry the principal \"node\""
                    + (onlyCase ? " (inter-node connections compare the CN as written, without lowercasing it)" : "")
                    + "; its principals are " + Principals.describe(principals), FixCommands.vars(e));
        }
    }
}
