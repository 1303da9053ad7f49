package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.CertRole;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The concrete commands that fix a certificate, filled into the rules' fix templates as
 * {@code {renewCommand}} and {@code {reloadCommand}}, with the real directory, hosts and user.
 */
public final class FixCommands {
    public static final String RELOAD = "pkill -HUP -x cockroach   # or: kill -HUP <cockroach pid>; new handshakes use the new files";

    private FixCommands() {}

    /** Template variables every certificate finding can use. */
    static Map<String, String> vars(CertEvidence e) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("file", e.subject());
        vars.put("certsDir", certsDir(e));
        vars.put("renewCommand", renew(e, List.of()));
        vars.put("reloadCommand", RELOAD);
        if (e.argument() != null) {
            vars.put("user", e.argument());
        }
        if (e.key() != null) {
            vars.put("keyFile", e.key().file().toString());
        }
        return vars;
    }

    static String certsDir(CertEvidence e) {
        Path dir = e.certsDir() != null ? e.certsDir() : e.file() != null ? e.file().toAbsolutePath().getParent() : null;
        return dir != null ? dir.toString() : "<certs-dir>";
    }

    /** The command that issues a replacement for {@code e}, adding {@code extraHosts} to the node's SANs. */
    static String renew(CertEvidence e, List<String> extraHosts) {
        String dir = certsDir(e);
        return switch (e.role()) {
            case NODE -> "cockroach cert create-node " + String.join(" ", hosts(e, extraHosts))
                    + " --certs-dir=" + dir + " --ca-key=<path-to-ca.key> --overwrite";
            case CLIENT -> "cockroach cert create-client " + e.argument() + " --certs-dir=" + dir
                    + " --ca-key=<path-to-ca.key> --overwrite"
                    + (e.file() != null && e.file().resolveSibling("client." + e.argument() + ".key.pk8").toFile().exists() ? " --also-generate-pkcs8-key" : "");
            case CA -> "cockroach cert create-ca --certs-dir=" + dir + " --ca-key=<path-to-ca.key> --overwrite   # prepends the new CA to ca.crt; keep the old one until every certificate is re-issued";
            case CLIENT_CA -> "cockroach cert create-client-ca --certs-dir=" + dir + " --ca-key=<path-to-ca-client.key> --overwrite";
            case TENANT_CLIENT -> "cockroach cert mt create-tenant-client " + e.argument() + " --certs-dir=" + dir + " --ca-key=<path-to-ca.key> --overwrite";
            default -> inKeyStore(e) ? keytoolRequest(e) : "openssl req -new -key " + keyOr(e) + " -subj '" + opensslSubject(e.leaf().getSubjectX500Principal()) + "'"
                    + (hosts(e, extraHosts).isEmpty() ? "" : " -addext 'subjectAltName=" + sanSpec(hosts(e, extraHosts)) + "'")
                    + " -out " + stem(e) + ".csr   # then have your CA sign it, keeping the extensions";
        };
    }

    /** A key store's key entry: only keytool reads its key (openssl reads the key of a PKCS#12 file itself). */
    private static boolean inKeyStore(CertEvidence e) {
        return (e.encoding() == CertParser.Encoding.JKS || e.encoding() == CertParser.Encoding.JCEKS) && e.key() != null;
    }

    private static String keytoolRequest(CertEvidence e) {
        String file = e.file().toString();
        String alias = e.subject().substring(file.length() + 1); // the subject is FILE:alias
        return "keytool -certreq -keystore " + file + " -storetype " + e.encoding().name() + " -alias " + alias + " -file " + alias
                + ".csr   # then have your CA sign it, keeping the extensions, and: keytool -importcert -keystore " + file + " -alias " + alias
                + " -file <the signed certificate with its chain>";
    }

    private static Set<String> hosts(CertEvidence e, List<String> extraHosts) {
        Set<String> hosts = new LinkedHashSet<>(CertNames.dnsNames(e.leaf()));
        hosts.addAll(CertNames.ipAddresses(e.leaf()));
        hosts.addAll(e.hosts());
        hosts.addAll(extraHosts);
        if (e.role() == CertRole.NODE && hosts.isEmpty()) {
            hosts.add("<node-hostname> <node-ip>");
        }
        return hosts;
    }

    /** The subject as openssl's -subj wants it: {@code /O=Cockroach/CN=node}, in certificate order, {@code /} escaped. */
    static String opensslSubject(X500Principal subject) {
        StringBuilder out = new StringBuilder();
        try {
            for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) { // LdapName lists RDNs first-in-certificate first
                out.append('/').append(rdn.getType()).append('=').append(String.valueOf(rdn.getValue()).replace("/", "\\/"));
            }
        } catch (InvalidNameException e) {
            return "/CN=<common-name>"; // an RFC 2253 name from the JDK always parses
        }
        return out.toString();
    }

    private static String sanSpec(Set<String> hosts) {
        return String.join(",", hosts.stream().map(h -> (dev.tlsdoctor.certs.Hostnames.isIpLiteral(h) ? "IP:" : "DNS:") + h).toList());
    }

    private static String keyOr(CertEvidence e) {
        return e.key() != null ? e.key().file().toString() : stem(e) + ".key";
    }

    private static String stem(CertEvidence e) {
        if (e.file() == null) {
            return "server"; // a chain served by an endpoint: no file name to build on
        }
        String s = e.subject();
        return s.endsWith(".crt") || s.endsWith(".pem") ? s.substring(0, s.length() - 4) : s;
    }
}
