package dev.tlsdoctor.testing;

import dev.tlsdoctor.pki.Pki;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificates a CockroachDB Helm release has, issued as the chart issues them: the self-signer
 * (cmd/self-signer → pkg/generator GenerateNodeCert: cockroach's CreateNodePair, so 127.0.0.1 is an IP SAN) and the
 * chart's cert-manager Certificates (templates/certificate.node.yaml: "127.0.0.1" listed under dnsNames, so a DNS SAN).
 */
public final class ChartPki {
    private ChartPki() {}

    /** The node SANs of the chart's templates for fullname {@code name} in {@code namespace}; {@code certManager}: 127.0.0.1 as a DNS name. */
    public static List<String> nodeSans(String name, String namespace, String domain, boolean certManager) {
        List<String> sans = new ArrayList<>(List.of("localhost", certManager ? "DNS:127.0.0.1" : "127.0.0.1",
                name + "-public", name + "-public." + namespace, name + "-public." + namespace + ".svc." + domain,
                "*." + name, "*." + name + "." + namespace, "*." + name + "." + namespace + ".svc." + domain));
        return sans;
    }

    /** A node certificate as the chart issues it: CN=node, O=Cockroach, server and client auth. */
    public static Pki.Issued node(Pki.Issued ca, List<String> sans) {
        return ca.issue("node").sans(sans.toArray(String[]::new)).serverAndClient().build();
    }

    /** A client certificate as the chart issues it: CN=user, client auth. */
    public static Pki.Issued client(Pki.Issued ca, String user) {
        return ca.issue(user).clientAuth().build();
    }
}
