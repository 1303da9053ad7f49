package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.Hostnames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The concrete commands that fix a certificate, filled into the rules' fix templates as
 * {@code {renewCommand}} and {@code {reloadCommand}}, with the real directory, hosts, user and the CA
 * key that signs. Each {@code cockroach cert} command is followed by its openssl (3.0 or later)
 * equivalent, for CAs made with openssl and for machines without the cockroach binary.
 */
public final class FixCommands {
    public static final String RELOAD = "pkill -HUP -x cockroach   # or: kill -HUP $(pgrep -x cockroach); new handshakes use the new files";
    /** Where CockroachDB's documentation keeps CA keys (and where ca-key-exposed's fix moves them): outside the certs dir. */
    static final String SAFE_DIR = "\"$HOME\"/my-safe-directory";
    private static final String OR_OPENSSL = "# or, with openssl 3:";
    /** What cockroach cert writes: RSA 2048, five years (leaves) or ten (CAs) of 366 days. */
    private static final String NEW_KEY = " -newkey rsa:2048 -noenc";
    private static final String CA_EXTENSIONS = "-addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,digitalSignature,keyCertSign,cRLSign'";
    private static final int LEAF_DAYS = 1830;
    private static final int CA_DAYS = 3660;
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private FixCommands() {}

    /** Template variables every certificate finding can use. */
    static Map<String, String> vars(CertEvidence e) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("file", e.file() != null ? sh(e.subject()) : e.subject());
        vars.put("certsDir", sh(certsDir(e).toString()));
        vars.put("renewCommand", renew(e, List.of()));
        vars.put("reloadCommand", e.keeper() != null ? e.keeper().reload() : RELOAD);
        String cn = CertNames.subjectAttribute(e.leaf(), "CN");
        vars.put("cn", sh(cn != null ? cn : ""));
        if (e.argument() != null) {
            vars.put("user", e.argument());
        }
        if (e.key() != null) {
            vars.put("keyFile", sh(e.key().file().toString()));
        }
        return vars;
    }

    /** The certs directory, else the certificate file's directory, else (a served chain) the current one. */
    static Path certsDir(CertEvidence e) {
        if (e.keeper() != null) {
            return Path.of(e.keeper().workDir()); // where the fix issues the replacement before writing it back
        }
        if (e.certsDir() != null) {
            return e.certsDir();
        }
        return e.file() != null ? e.file().toAbsolutePath().getParent() : Path.of(".");
    }

    /** A word for the shell: as it is when nothing in it is special, else single-quoted. */
    static String sh(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * The CA certificate in {@code dir} that signs a certificate of {@code role}, as CockroachDB picks it
     * (pkg/security/certs.go): client certificates (client.node.crt too) ca-client.crt when it exists,
     * tenant client certificates ca-client-tenant.crt, then ca-client.crt; ui.crt ca-ui.crt; all else ca.crt.
     */
    static String signingCa(Path dir, CertRole role) {
        List<String> candidates = switch (role) {
            case CLIENT -> List.of("ca-client.crt");
            case TENANT_CLIENT -> List.of("ca-client-tenant.crt", "ca-client.crt");
            case UI -> List.of("ca-ui.crt");
            default -> List.of();
        };
        return candidates.stream().filter(name -> Files.exists(dir.resolve(name))).findFirst().orElse("ca.crt");
    }

    /** The key of CA certificate {@code caName}: the certs dir's own copy when one is there, else the documentation's safe directory. */
    static String caKey(Path dir, String caName) {
        String keyName = caName.substring(0, caName.length() - ".crt".length()) + ".key";
        Path local = dir.resolve(keyName);
        return Files.exists(local) ? sh(local.toString()) : SAFE_DIR + "/" + keyName;
    }

    /** The command that issues a replacement for {@code e}, adding {@code extraHosts} to the node's SANs. */
    static String renew(CertEvidence e, List<String> extraHosts) {
        String issue = issue(e, extraHosts);
        return e.keeper() == null ? issue : e.keeper().replace(e, issue, e.role() == CertRole.NODE || e.role() == CertRole.UI ? hosts(e, extraHosts) : Set.of());
    }

    private static String issue(CertEvidence e, List<String> extraHosts) {
        Path dir = certsDir(e);
        return switch (e.role()) {
            case NODE -> issueNode(dir, hosts(e, extraHosts));
            case CLIENT -> issueClient(dir, e.argument(), e.file() != null && Files.exists(e.file().resolveSibling("client." + e.argument() + ".key.pk8")));
            case TENANT_CLIENT -> issueTenantClient(dir, e.argument());
            case UI -> issueUi(dir, opensslSubject(e.leaf().getSubjectX500Principal()), hosts(e, extraHosts));
            case CA, CLIENT_CA, UI_CA, TENANT_CLIENT_CA -> renewCa(dir, e);
            default -> inKeyStore(e) ? keytoolRequest(e) : "openssl req -new -key " + sh(keyOr(e)) + " -subj " + sh(opensslSubject(e.leaf().getSubjectX500Principal()))
                    + (hosts(e, extraHosts).isEmpty() ? "" : " -addext " + sh("subjectAltName=" + sanSpec(hosts(e, extraHosts))))
                    + " -out " + sh(stem(e) + ".csr") + "   # then have your CA sign it, keeping the extensions";
        };
    }

    /** A key store's key entry: only keytool reads its key (openssl reads the key of a PKCS#12 file itself). */
    private static boolean inKeyStore(CertEvidence e) {
        return (e.encoding() == CertParser.Encoding.JKS || e.encoding() == CertParser.Encoding.JCEKS) && e.key() != null;
    }

    private static String keytoolRequest(CertEvidence e) {
        String file = e.file().toString();
        String alias = e.subject().substring(file.length() + 1); // the subject is FILE:alias
        return "keytool -certreq -keystore " + sh(file) + " -storetype " + e.encoding().name() + " -alias " + sh(alias) + " -file " + sh(alias + ".csr")
                + "   # then have your CA sign it, keeping the extensions, save what it returns (with its chain) as " + alias + ".crt, and: keytool -importcert -keystore "
                + sh(file) + " -alias " + sh(alias) + " -file " + sh(alias + ".crt");
    }

    /**
     * Re-signs a certificate in a certs dir with an OCSP responder URL added to its Authority Information
     * Access, keeping its key, name and extensions; {@code url} null leaves the URL to the shell variable OCSP_URL.
     * Null when the certificate is not a file in a certs dir with its key: then its CA is not known here.
     */
    static String addOcspUrl(CertEvidence e, String url) {
        if (e.certsDir() == null || e.file() == null || e.key() == null || e.role().isAuthority()) {
            return null;
        }
        String ca = signingCa(e.certsDir(), e.role());
        String cert = sh(e.file().toString());
        return (url != null ? "OCSP_URL=" + sh(url) : ": \"${OCSP_URL:?set OCSP_URL to the URL of your OCSP responder, e.g. OCSP_URL=http://ocsp.internal:8080/}\"") + "\n"
                + "t=$(mktemp -d) && printf 'authorityInfoAccess=OCSP;URI:%s\\n' \"$OCSP_URL\" > \"$t/aia.ext\""
                + " && openssl x509 -x509toreq -in " + cert + " -signkey " + sh(e.key().file().toString()) + " -copy_extensions copyall -out \"$t/req.csr\""
                + " && openssl x509 -req -in \"$t/req.csr\" -CA " + sh(e.certsDir().resolve(ca).toString()) + " -CAkey " + caKey(e.certsDir(), ca)
                + " -copy_extensions copyall -extfile \"$t/aia.ext\" -days " + LEAF_DAYS + " -out " + cert + " && rm -r \"$t\"";
    }

    /** Moves {@code file} out of the certs directory {@code dir} into a sibling {@code <dir>.unused}, where nothing loads it. */
    static String moveAside(Path dir, Path file) {
        Path absolute = dir.toAbsolutePath().normalize();
        String unused = sh(absolute.resolveSibling(absolute.getFileName() + ".unused").toString());
        return "mkdir -p " + unused + " && mv " + sh(file.toString()) + " " + unused + "/";
    }

    /** A new CA: its key in the documentation's safe directory, ca.crt in {@code dir}. */
    static String createCa(Path dir) {
        String key = SAFE_DIR + "/ca.key";
        return "mkdir -p " + SAFE_DIR + " && cockroach cert create-ca --certs-dir=" + sh(dir.toString()) + " --ca-key=" + key + "\n" + OR_OPENSSL + "\n"
                + "mkdir -p " + SAFE_DIR + " && openssl req -x509" + NEW_KEY + " -keyout " + key + " -out " + sh(dir.resolve("ca.crt").toString())
                + " -days " + CA_DAYS + " -subj '/O=Cockroach/CN=Cockroach CA' " + CA_EXTENSIONS;
    }

    /** node.crt and node.key for {@code hosts}, signed by ca.key; without known hosts, this machine's name. */
    static String issueNode(Path dir, Set<String> hosts) {
        Set<String> names = hosts.isEmpty() ? Set.of("$(hostname -f)") : hosts;
        String words = String.join(" ", names.stream().map(h -> h.startsWith("$(") ? "\"" + h + "\"" : sh(h)).toList());
        return "cockroach cert create-node " + words + " --certs-dir=" + sh(dir.toString()) + " --ca-key=" + caKey(dir, "ca.crt") + " --overwrite"
                + (hosts.isEmpty() ? "   # add every host name and IP address clients and other nodes use" : "") + "\n"
                + OR_OPENSSL + "\n" + openssl(dir, "node", CertRole.NODE, "/O=Cockroach/CN=node", "serverAuth,clientAuth", names);
    }

    /** client.{user}.crt and .key, signed by the key cockroach cert would ask for (ca-client.key when ca-client.crt exists). */
    static String issueClient(Path dir, String user, boolean pkcs8Copy) {
        String stem = "client." + user;
        String openssl = openssl(dir, stem, CertRole.CLIENT, "/O=Cockroach/CN=" + user.replace("/", "\\/"), "clientAuth", Set.of());
        if (pkcs8Copy) {
            String key = sh(dir.resolve(stem + ".key").toString());
            String pk8 = sh(dir.resolve(stem + ".key.pk8").toString());
            openssl += " && openssl pkcs8 -topk8 -outform DER -nocrypt -in " + key + " -out " + pk8 + " && chmod 600 " + pk8;
        }
        return "cockroach cert create-client " + sh(user) + " --certs-dir=" + sh(dir.toString()) + " --ca-key=" + caKey(dir, signingCa(dir, CertRole.CLIENT))
                + " --overwrite" + (pkcs8Copy ? " --also-generate-pkcs8-key" : "") + "\n" + OR_OPENSSL + "\n" + openssl;
    }

    /** ui.crt and ui.key, signed by ca-ui.key when ca-ui.crt exists (cockroach cert has no command for them). */
    static String issueUi(Path dir, String subject, Set<String> hosts) {
        return "# cockroach cert has no command for the DB Console certificate; with openssl 3:\n"
                + openssl(dir, "ui", CertRole.UI, subject, "serverAuth", hosts);
    }

    static String issueTenantClient(Path dir, String tenant) {
        return "cockroach cert create-tenant-client " + sh(tenant) + " --certs-dir=" + sh(dir.toString())
                + " --ca-key=" + caKey(dir, signingCa(dir, CertRole.TENANT_CLIENT)) + " --overwrite\n" + OR_OPENSSL + "\n"
                + openssl(dir, "client-tenant." + tenant, CertRole.TENANT_CLIENT, "/O=Cockroach/OU=Tenants/CN=" + tenant, "serverAuth,clientAuth", Set.of());
    }

    /**
     * A new certificate for the CA with the same key and name, so that every certificate it signed stays
     * valid (a CA certificate that expires, lacks CA:TRUE or has a weak signature is fixed that way).
     */
    private static String renewCa(Path dir, CertEvidence e) {
        return renewCa(dir, e.file() != null ? e.file().getFileName().toString() : "ca.crt", e.role(), e.leaf().getSubjectX500Principal());
    }

    /** {@link #renewCa(Path, CertEvidence)} for the CA certificate file {@code caFile} in {@code dir}, of {@code role}, named {@code subject}. */
    static String renewCa(Path dir, String caFile, CertRole role, X500Principal subject) {
        String key = caKey(dir, caFile);
        String cockroach = switch (role) {
            case CA -> "cockroach cert create-ca";
            case CLIENT_CA -> "cockroach cert create-client-ca";
            case TENANT_CLIENT_CA -> "cockroach cert create-tenant-client-ca";
            default -> null; // cockroach cert has no command for the UI CA
        };
        String openssl = "openssl req -x509 -new -key " + key + " -days " + CA_DAYS + " -subj " + sh(opensslSubject(subject))
                + " " + CA_EXTENSIONS + " -out " + sh(dir.resolve(caFile).toString());
        return cockroach == null ? openssl
                : cockroach + " --certs-dir=" + sh(dir.toString()) + " --ca-key=" + key + " --allow-ca-key-reuse --overwrite"
                        + "   # prepends the new CA certificate to " + caFile + "\n" + OR_OPENSSL + " (replaces " + caFile + "; same key and name, so what it signed stays valid)\n" + openssl;
    }

    /** One openssl command that writes {@code stem}.crt and a new {@code stem}.key signed by the CA that signs {@code role} in {@code dir}. */
    private static String openssl(Path dir, String stem, CertRole role, String subject, String extendedUsage, Set<String> hosts) {
        String ca = signingCa(dir, role);
        String key = sh(dir.resolve(stem + ".key").toString());
        List<String> ext = new ArrayList<>(List.of("basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment",
                "extendedKeyUsage=" + extendedUsage));
        if (!hosts.isEmpty()) {
            ext.add("subjectAltName=" + sanSpec(hosts));
        }
        StringBuilder out = new StringBuilder("openssl req -x509" + NEW_KEY + " -keyout " + key + " -out " + sh(dir.resolve(stem + ".crt").toString())
                + " -days " + LEAF_DAYS + " -subj " + sh(subject) + " -CA " + sh(dir.resolve(ca).toString()) + " -CAkey " + caKey(dir, ca));
        // a $(...) host is for the shell to fill in: double quotes, not single
        ext.forEach(x -> out.append(" -addext ").append(x.contains("$(") ? "\"" + x + "\"" : sh(x)));
        return out.append(" && chmod 600 ").append(key).toString();
    }

    /** The certificate's DNS and IP SANs, the hosts it must serve (--host) and {@code extraHosts}. */
    static Set<String> hosts(CertEvidence e, List<String> extraHosts) {
        Set<String> hosts = new LinkedHashSet<>(CertNames.dnsNames(e.leaf()));
        hosts.addAll(CertNames.ipAddresses(e.leaf()));
        // a host a wildcard SAN already covers stays covered: the re-issued certificate keeps the wildcard
        e.hosts().stream().filter(h -> !Hostnames.matches(e.leaf(), h)).forEach(hosts::add);
        hosts.addAll(extraHosts);
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
            throw new IllegalStateException("the JDK's own RFC 2253 name did not parse: " + subject, e);
        }
        return out.toString();
    }

    private static String sanSpec(Set<String> hosts) {
        return String.join(",", hosts.stream().map(h -> (Hostnames.isIpLiteral(h) ? "IP:" : "DNS:") + h).toList());
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
